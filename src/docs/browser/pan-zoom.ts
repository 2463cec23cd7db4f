/** Wheel to zoom (around the pointer), drag to pan, for an SVG whose content sits in one <g>. */
export class PanZoom {
  private x = 0;
  private y = 0;
  private k = 1;
  /** True right after a drag, so the click that ends it does not open a node. */
  dragged = false;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly viewport: SVGGElement,
    private readonly content: { width: number; height: number },
  ) {
    svg.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    svg.addEventListener('pointerdown', (e) => this.onPointerDown(e));
  }

  get scale(): number {
    return this.k;
  }

  private apply(): void {
    this.viewport.setAttribute(
      'transform',
      `translate(${this.x.toFixed(1)},${this.y.toFixed(1)}) scale(${this.k.toFixed(4)})`,
    );
  }

  private size(): { w: number; h: number } {
    const r = this.svg.getBoundingClientRect();
    return { w: r.width || 800, h: r.height || 500 };
  }

  /** Scales the whole graph into view (never above 1.2×). */
  fit(): void {
    const { w, h } = this.size();
    const k = Math.min(w / Math.max(this.content.width, 1), h / Math.max(this.content.height, 1), 1.2);
    this.k = k;
    this.x = (w - this.content.width * k) / 2;
    this.y = (h - this.content.height * k) / 2;
    this.apply();
  }

  /** Zooms by `factor` keeping the point (cx, cy) of the SVG where it is (default: the centre). */
  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { w, h } = this.size();
    const px = cx ?? w / 2;
    const py = cy ?? h / 2;
    const k = Math.min(4, Math.max(0.1, this.k * factor));
    this.x = px - ((px - this.x) * k) / this.k;
    this.y = py - ((py - this.y) * k) / this.k;
    this.k = k;
    this.apply();
  }

  /** Puts the content point (x, y) in the middle of the view. */
  centerOn(x: number, y: number): void {
    const { w, h } = this.size();
    this.x = w / 2 - x * this.k;
    this.y = h / 2 - y * this.k;
    this.apply();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.svg.getBoundingClientRect();
    this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const start = { x: e.clientX, y: e.clientY, tx: this.x, ty: this.y };
    this.dragged = false;
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - start.x;
      const dy = ev.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      this.dragged = true;
      this.svg.classList.add('panning');
      this.x = start.tx + dx;
      this.y = start.ty + dy;
      this.apply();
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      this.svg.classList.remove('panning');
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
