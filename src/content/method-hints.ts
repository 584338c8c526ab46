/** Methods of fetch/XHR calls seen by the page-world hook, waiting for their timing entry. */
export class MethodHints {
  private readonly byUrl = new Map<string, string[]>();
  private size = 0;

  add(url: string, method: string): void {
    if (this.size > 2000) {
      this.byUrl.clear();
      this.size = 0;
    }
    const list = this.byUrl.get(url) ?? [];
    list.push(method);
    this.byUrl.set(url, list);
    this.size++;
  }

  take(url: string): string | undefined {
    const list = this.byUrl.get(url);
    if (!list?.length) return undefined;
    this.size--;
    const method = list.shift();
    if (!list.length) this.byUrl.delete(url);
    return method;
  }
}
