package org.sluice.internal.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * Module configuration objects of one scope (a server, a section), keyed by their typed key
 * (Apache's {@code ap_conf_vector_t}). Objects are created on first use.
 */
final class ConfigVector {

    private final Map<Object, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> create) {
        Object value = values.get(key);
        return (T) (value != null ? value : values.computeIfAbsent(key, k -> create.get()));
    }

    boolean has(Object key) {
        return values.containsKey(key);
    }

    /**
     * A new vector holding {@code parent} merged with {@code child}: for keys only one side
     * has, that side's object; for keys both have, {@code merge(parent, child)}.
     */
    static ConfigVector merge(ConfigVector parent, ConfigVector child, Merger merger) {
        ConfigVector result = new ConfigVector();
        result.values.putAll(parent.values);
        child.values.forEach((key, value) -> {
            Object base = parent.values.get(key);
            result.values.put(key, base == null ? value : merger.merge(key, base, value));
        });
        return result;
    }

    @FunctionalInterface
    interface Merger {
        Object merge(Object key, Object parent, Object child);
    }

    @SuppressWarnings("unchecked")
    static <T> Object apply(BinaryOperator<T> merge, Object parent, Object child) {
        return merge.apply((T) parent, (T) child);
    }
}
