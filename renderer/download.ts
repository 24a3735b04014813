/** Browser mode has no file system: a PDF/CSV/XLSX main sent as base64 becomes a Blob the browser saves. */
export function downloadBase64(fileName: string, mime: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: the download may not have read the Blob yet when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
