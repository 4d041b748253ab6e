import type { LoadedConfig } from '../../src/core/config/loaded-config.js';

/**
 * The config with every service's `watch` block removed, for tests of the deploy flow itself: the fixtures carry a
 * watch because `config check` demands one, but a deploy that is watched stays `watching` until its samples are
 * driven, which only the watch tests do (and they configure the watch they need).
 */
export function withoutWatch(loaded: LoadedConfig): LoadedConfig {
  const services = Object.fromEntries(
    Object.entries(loaded.config.services).map(([name, { watch: _watch, ...service }]) => [name, service]),
  );
  return { ...loaded, config: { ...loaded.config, services } };
}
