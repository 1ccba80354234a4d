/**
 * Evidence files (pure): what a dispute evidence upload really is, judged by its first bytes rather than its
 * name or the browser's media type (Stripe takes PDF, JPEG and PNG for dispute evidence), and a file name
 * safe to keep and show.
 */

export type EvidenceFileType = 'pdf' | 'jpg' | 'png';

const MEDIA_TYPES: Record<EvidenceFileType, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The file's type from its signature (`%PDF-`, JPEG's FF D8 FF, PNG's 8-byte header), or null. */
export function evidenceFileType(bytes: Uint8Array): EvidenceFileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  return null;
}

export function mediaTypeOf(type: EvidenceFileType): string {
  return MEDIA_TYPES[type];
}

/**
 * The name to keep: the last path segment, without control characters, at most 120 characters, ending in
 * the extension of its real type.
 */
export function safeEvidenceFileName(name: string, type: EvidenceFileType): string {
  const base =
    (name.split(/[/\\]/).pop() ?? '')
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .trim()
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .slice(0, 110) || 'evidence';
  return `${base}.${type === 'jpg' ? 'jpg' : type}`;
}
