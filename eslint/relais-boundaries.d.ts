import type { Rule } from 'eslint';

declare const plugin: { rules: { layers: Rule.RuleModule; 'no-folder-cycle': Rule.RuleModule } };
export default plugin;
export function layerViolation(from: string, to: string): string | null;
