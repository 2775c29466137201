/**
 * Where a layer's weights come from: Keras 2 weight .h5 files (`/<layer>/<layer>/kernel:0` with `weight_names`),
 * full-model .h5 (the same under `/model_weights`), Keras 3 `model.weights.h5` (`layers/<path>/vars/<i>` whose
 * `vars` group carries the layer name) and TF.js weight shards. Each source maps a layer name to its weights in
 * the model's own order, with the short weight name when the format keeps one.
 */
import type { Tensor } from '../../ir/ops.js';
import { h5Attr, h5Get, h5StringList, h5Tensor, isGroup, type H5Group } from './h5.js';

/** One weight of a layer: short name ('kernel', 'bias', 'gamma', ...; '' when the format keeps none). */
export interface NamedWeight {
  readonly name: string;
  readonly tensor: Tensor;
}

/** Weights of every layer, by layer name. */
export interface WeightSource {
  /** Human-readable origin for error messages. */
  readonly description: string;
  forLayer(layer: string): readonly NamedWeight[] | undefined;
}

/** Short name of a weight path: 'fc1/kernel:0' → 'kernel'. */
export function shortWeightName(path: string): string {
  const last = path.split('/').pop() ?? path;
  return last.replace(/:\d+$/, '');
}

/** Owning layer of a weight path: the segment before the short name ('model_1/fc1/kernel:0' → 'fc1'). */
function ownerOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

function add(map: Map<string, NamedWeight[]>, layer: string, w: NamedWeight): void {
  const list = map.get(layer) ?? [];
  list.push(w);
  map.set(layer, list);
}

/** A WeightSource over a prepared map. */
export function mapSource(description: string, map: ReadonlyMap<string, readonly NamedWeight[]>): WeightSource {
  return { description, forLayer: (layer) => map.get(layer) };
}

/**
 * Keras 2 layout: the root (or `/model_weights`) lists `layer_names`; each layer group lists `weight_names`,
 * dataset paths relative to that group. Weights are keyed by their owning layer (the segment before the short
 * name), which also places the weights of nested models under their inner layers' names.
 */
export function keras2Source(root: H5Group, description: string): WeightSource {
  const map = new Map<string, NamedWeight[]>();
  const byGroup = new Map<string, NamedWeight[]>();
  const mw = h5Get(root, 'model_weights');
  const base = isGroup(mw) ? mw : root;
  const layerNames = h5StringList(base, 'layer_names');
  const groups = layerNames.length > 0 ? layerNames : base.keys();
  for (const g of groups) {
    const grp = h5Get(base, g);
    if (!isGroup(grp)) continue;
    for (const wn of h5StringList(grp, 'weight_names')) {
      const ds = h5Get(grp, wn);
      if (ds === null || isGroup(ds)) continue;
      const w = { name: shortWeightName(wn), tensor: h5Tensor(ds) };
      add(map, ownerOf(wn) ?? g, w);
      add(byGroup, g, w);
    }
  }
  // The owning segment normally equals the layer name; the top-level group is the fallback.
  return { description, forLayer: (layer) => map.get(layer) ?? byGroup.get(layer) };
}

/** Keras 3 layout: any group with a `vars` subgroup whose `name` attribute is the layer name; datasets 0, 1, ... */
export function keras3Source(root: H5Group, description: string): WeightSource {
  const map = new Map<string, NamedWeight[]>();
  const visit = (g: H5Group, depth: number): void => {
    if (depth > 12) return;
    for (const k of g.keys()) {
      const c = h5Get(g, k);
      if (!isGroup(c)) continue;
      if (k === 'vars') {
        const name = h5Attr(c, 'name');
        const idx = c.keys().filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(a) - Number(b));
        if (typeof name === 'string' && idx.length > 0) {
          for (const i of idx) {
            const ds = h5Get(c, i);
            if (ds !== null && !isGroup(ds)) add(map, name, { name: '', tensor: h5Tensor(ds) });
          }
        }
      } else {
        visit(c, depth + 1);
      }
    }
  };
  visit(root, 0);
  return mapSource(description, map);
}

/** Pick the right layout for an open weights file. */
export function h5Source(root: H5Group, description: string): WeightSource {
  const hasKeras2 = h5StringList(root, 'layer_names').length > 0 || isGroup(h5Get(root, 'model_weights'));
  return hasKeras2 ? keras2Source(root, description) : keras3Source(root, description);
}
