#!/usr/bin/env node
// The `relais` command. The server is TypeScript run through tsx's loader, so there is no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
