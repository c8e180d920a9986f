// `@overture/trainer/bundle`: the bundle's file layout and its pure (tfjs-free) reader, for serving.
export { BUNDLE_FILES, BUNDLE_FORMAT_VERSION, type BundleManifest } from './format.js';
export { readBundleDescription, readBundleJson, readBundleManifest, type BundleDescription } from './read-bundle.js';
export { renderModelCard } from './model-card.js';
export { buildModelCard, type ModelCard } from './model-card-data.js';
