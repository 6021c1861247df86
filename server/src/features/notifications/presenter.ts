import type { NotificationItem, Publication } from './schemas.ts';
import type { ItemRow, PublicationRow } from './service.ts';

export function presentItem(row: ItemRow): NotificationItem {
  return {
    id: row.id,
    type: row.type,
    category: row.category,
    workspace: row.workspace,
    title: { fr: row.titleFr, en: row.titleEn },
    body: { fr: row.bodyFr, en: row.bodyEn },
    link: row.link,
    source: row.source,
    publishedAt: row.publishAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
    state: row.state,
    read: row.read,
    archived: row.archivedAt !== null,
    archivable: row.category !== 'mandatory',
    completed:
      row.completedAt && row.completedVia
        ? { at: row.completedAt.toISOString(), via: row.completedVia, by: row.completedByName }
        : null,
  };
}

export function presentPublication(row: PublicationRow): Publication {
  const reach = { organizations: row.reachOrganizations ?? 0, users: row.reachUsers ?? 0 };
  const overdue = row.type === 'action' && row.pastDue && !row.withdrawnAt;
  return {
    id: row.id,
    type: row.type,
    category: row.category,
    workspace: row.workspace,
    title: { fr: row.titleFr, en: row.titleEn },
    body: { fr: row.bodyFr, en: row.bodyEn },
    link: row.link,
    dueAt: row.dueAt?.toISOString() ?? null,
    publishAt: row.publishAt.toISOString(),
    status: row.withdrawnAt ? 'withdrawn' : row.scheduled ? 'scheduled' : 'published',
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    audience: { kinds: row.audienceKinds, distributorId: row.audienceUnder },
    roles: row.roles,
    reach,
    reads: row.reads,
    completions: row.completions,
    overdue: overdue ? Math.max(0, reach.organizations - row.completions) : 0,
    createdBy: row.creatorName,
    createdAt: row.createdAt.toISOString(),
  };
}
