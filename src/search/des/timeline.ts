/** A binary min-heap of timeline items ordered by (at, seq): ties break by insertion order, deterministically. */
export interface Item {
  at: number;
  seq: number;
  /** 0 = envelope delivery, 1 = timer, 2 = local action. */
  kind: 0 | 1 | 2;
  /** Envelope id, or node id for timers and local actions. */
  id: number;
  /** Timer entry identity, or the node's local-action version. */
  ref: unknown;
}

/** A timeline's next sequence number, then its items: one array, as the guided corpus keeps thousands. */
export type TimelineImage = readonly (number | Item)[];

export class Timeline {
  constructor(private readonly a: Item[] = [], private seq = 0) {}

  /** The items (in heap order) and the next sequence number, copied: what `Timeline.of` takes back. */
  image(): TimelineImage {
    const a = this.a;
    const img = new Array<number | Item>(a.length + 1);
    img[0] = this.seq;
    for (let i = 0; i < a.length; i++) img[i + 1] = a[i]!;
    return img;
  }

  /** A timeline as it was when `image` was taken (items are never changed once pushed, so they are shared). */
  static of(img: TimelineImage): Timeline {
    return new Timeline(img.slice(1) as Item[], img[0] as number);
  }

  get size(): number {
    return this.a.length;
  }

  push(at: number, kind: 0 | 1 | 2, id: number, ref: unknown): void {
    const a = this.a;
    const it: Item = { at, seq: this.seq++, kind, id, ref };
    let i = a.length;
    a.push(it);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = a[p]!;
      if (q.at < at || (q.at === at && q.seq < it.seq)) break;
      a[i] = q;
      i = p;
    }
    a[i] = it;
  }

  pop(): Item | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && less(a[r]!, a[l]!)) c = r;
        if (!less(a[c]!, last)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function less(x: Item, y: Item): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
