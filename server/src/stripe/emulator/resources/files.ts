// Emulates file uploads (https://docs.stripe.com/api/files): POST /v1/files (multipart/form-data, `purpose`
// and `file`, as stripe-node's files.create sends them to files.stripe.com, which a custom host redirects
// here), GET /v1/files/:id and GET /v1/files (purpose filter), on the account the request acts as. Dispute
// evidence takes PDF, JPEG or PNG files up to 5 MB (https://docs.stripe.com/disputes/responding#files).
// The emulator keeps a file's name, type and size, not its contents: `url` is null and there are no file
// links. Does NOT emulate purposes' other size and type rules, file links, or /v1/files/:id/contents.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { matchesCreated, p } from '../core/params.ts';

const PURPOSES = [
  'account_requirement',
  'additional_verification',
  'business_icon',
  'business_logo',
  'customer_signature',
  'dispute_evidence',
  'identity_document',
  'issuing_regulatory_reporting',
  'pci_document',
  'tax_document_user_upload',
  'terminal_android_apk',
  'terminal_reader_splashscreen',
] as const;

const MAX_DISPUTE_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** Stripe's file `type` from the uploaded part's name and media type. */
function fileType(name: string, mediaType: string): string | null {
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (mediaType === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (mediaType === 'image/jpeg' || extension === 'jpg' || extension === 'jpeg') return 'jpg';
  if (mediaType === 'image/png' || extension === 'png') return 'png';
  if (mediaType === 'text/csv' || extension === 'csv') return 'csv';
  return extension === '' ? null : extension;
}

/** A file of the caller's account uploaded for `purpose`, or 404 naming `param`. */
export function requireFileForPurpose(
  ctx: RequestContext,
  id: string,
  purpose: Stripe.File.Purpose,
  param: string,
): Stripe.File {
  const file = ctx.store.find<Stripe.File>('file', id, ctx.account);
  if (file === undefined) throw resourceMissing('file upload', id, param);
  if (file.purpose !== purpose) {
    throw invalidRequest(`The file ${id} was uploaded with purpose ${file.purpose}, not ${purpose}.`, {
      param,
    });
  }
  return file;
}

export function registerFiles(api: EmulatorApi): void {
  api.post(
    '/v1/files',
    p.obj({
      purpose: p.enum(PURPOSES),
      file: p.obj({ name: p.str(), type: p.emptyable(p.str()), size: p.int() }),
      file_link_data: p.obj({ create: p.bool().optional() }).optional(),
    }),
    (ctx, params) => {
      const type = fileType(params.file.name, params.file.type ?? '');
      if (params.purpose === 'dispute_evidence') {
        if (type !== 'pdf' && type !== 'jpg' && type !== 'png') {
          throw invalidRequest('Dispute evidence must be a PDF, JPEG or PNG file.', { param: 'file' });
        }
        if (params.file.size > MAX_DISPUTE_EVIDENCE_BYTES) {
          throw invalidRequest('Dispute evidence files can be at most 5 MB.', { param: 'file' });
        }
      }
      const id = newId('file');
      const file: Stripe.File = {
        id,
        object: 'file',
        created: ctx.now(),
        expires_at: null,
        filename: params.file.name,
        links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${id}` },
        purpose: params.purpose,
        size: params.file.size,
        title: null,
        type,
        url: null,
      };
      ctx.store.insert(ctx.account, file);
      ctx.emit('file.created', file);
      return file;
    },
  );

  api.get('/v1/files/:id', p.obj({}), (ctx, _params, path) => {
    const file = ctx.store.find<Stripe.File>('file', path.id ?? '', ctx.account);
    if (file === undefined) throw resourceMissing('file', path.id ?? '');
    return file;
  });

  api.get(
    '/v1/files',
    p.obj({ ...p.list, purpose: p.enum(PURPOSES).optional(), created: p.createdFilter().optional() }),
    (ctx, params) =>
      paginateStored<Stripe.File>(ctx.store, 'file', ctx.account, params, '/v1/files', 'file', {
        filter: (f) =>
          (params.purpose === undefined || f.purpose === params.purpose) &&
          matchesCreated(f.created, params.created),
      }),
  );
}
