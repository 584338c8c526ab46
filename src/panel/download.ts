/**
 * Saves a Blob as a download. An <a download href="blob:..."> click works in the panel page
 * opened as a tab and inside the real DevTools window (tried with Chromium 156: the panel's
 * frame downloads the file itself), so no "downloads" permission is needed.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download reads the Blob asynchronously: revoking at once can cut it short.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
