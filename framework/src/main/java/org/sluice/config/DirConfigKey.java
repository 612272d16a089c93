package org.sluice.config;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A module's typed per-section configuration (Apache's {@code create_dir_config} and
 * {@code merge_dir_config}): created for the server, each virtual host and each section, and
 * merged parent to child (server, virtual host, then the matching sections in order) with
 * {@code merge(parent, child)}.
 */
public record DirConfigKey<T>(String name, Supplier<T> create, BinaryOperator<T> merge) {

    public static <T> DirConfigKey<T> of(String name, Supplier<T> create, BinaryOperator<T> merge) {
        return new DirConfigKey<>(name, create, merge);
    }
}
