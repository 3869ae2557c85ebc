// Handing a file's link to the browser: a temporary <a href download>, clicked, so that the
// browser downloads it (the export's signed link works without the auth header) instead of
// opening it in the page.
export function downloadFrom(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
