export { createEnricher, type EnricherOptions } from './createEnricher';
