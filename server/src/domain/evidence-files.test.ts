import { describe, expect, it } from 'vitest';
import { evidenceFileType, safeEvidenceFileName } from './evidence-files.ts';

describe('evidence files', () => {
  it('are judged by their first bytes, not their name', () => {
    expect(evidenceFileType(new Uint8Array(Buffer.from('%PDF-1.7\n')))).toBe('pdf');
    expect(evidenceFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(evidenceFileType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(evidenceFileType(new Uint8Array(Buffer.from('GIF89a')))).toBeNull();
    expect(evidenceFileType(new Uint8Array(Buffer.from('%PDF')))).toBeNull();
    expect(evidenceFileType(new Uint8Array())).toBeNull();
  });

  it('keep a safe name with the extension of their real type', () => {
    expect(safeEvidenceFileName('C:\\scans\\receipt.PDF', 'pdf')).toBe('receipt.pdf');
    expect(safeEvidenceFileName('../../etc/passwd', 'png')).toBe('passwd.png');
    expect(safeEvidenceFileName('photo\u0000\u202e.jpeg', 'jpg')).toBe('photo.jpg');
    expect(safeEvidenceFileName('', 'pdf')).toBe('evidence.pdf');
    expect(safeEvidenceFileName(`${'a'.repeat(300)}.pdf`, 'pdf')).toHaveLength(114);
  });
});
