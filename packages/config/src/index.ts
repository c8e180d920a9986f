export * from './errors.js';
export * from './feature-types.js';
export * from './profile.js';
