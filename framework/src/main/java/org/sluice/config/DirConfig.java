package org.sluice.config;

/** The merged per-section configuration that applies to one place (a location, a file). */
public interface DirConfig {

    /** This module's configuration for the place; never null. */
    <T> T get(DirConfigKey<T> key);
}
