package org.sluice.internal.config;

import org.sluice.config.DirConfig;
import org.sluice.config.DirConfigKey;

/** A merged per-section configuration; modules untouched by any section get their defaults. */
final class MergedDirConfig implements DirConfig {

    private final ConfigVector vector;

    MergedDirConfig(ConfigVector vector) {
        this.vector = vector;
    }

    @Override
    public <T> T get(DirConfigKey<T> key) {
        return vector.get(key, key.create());
    }

    ConfigVector vector() {
        return vector;
    }
}
