import type { ServiceRequest, ServiceRequestDetail } from './schemas.ts';
import type { ServiceRequestView } from './service.ts';

export function presentServiceRequest(view: ServiceRequestView): ServiceRequest {
  const r = view.request;
  return {
    id: r.id,
    number: r.number,
    customerId: r.customerId,
    customerName: view.customerName,
    product: r.productId && view.productName !== null ? { id: r.productId, name: view.productName } : null,
    title: r.title,
    description: r.description,
    severity: r.severity,
    status: r.status,
    contact: { name: r.contactName, email: r.contactEmail, phone: r.contactPhone },
    createdBy: {
      organizationId: r.createdByOrganizationId,
      organizationName: view.creatorOrganizationName,
      userName: view.creatorUserName,
      onBehalf: r.createdByOrganizationId !== r.customerId,
    },
    noteCount: view.noteCount,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

export function presentServiceRequestDetail(view: ServiceRequestView): ServiceRequestDetail {
  return {
    ...presentServiceRequest(view),
    notes: view.notes.map(({ note, authorOrganizationName }) => ({
      id: note.id,
      body: note.body,
      authorName: note.authorName,
      authorOrganizationName,
      createdAt: note.createdAt.toISOString(),
    })),
  };
}
