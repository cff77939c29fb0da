/** Saves text as a file through a temporary link (no server involved). */
import { downloadBlob } from '../charts/exportChart.ts';

export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}
