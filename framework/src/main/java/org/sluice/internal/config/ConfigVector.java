package org.sluice.internal.config;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * Module configuration objects of one scope (a server, a section), keyed by their typed key
 * (Apache's {@code ap_conf_vector_t}). Objects are created on first use.
 *
 * <p>Keys match by identity: each is a module's constant, as Apache indexes its vectors by
 * module. A scope holds a handful, so a look-up, made several times for every request, is a
 * walk over one short array of keys and values, with no hashing; adding a key copies the array.
 */
final class ConfigVector {

    private static final Object[] EMPTY = {};

    /** Keys and their values, alternating. Replaced when a key is added, never changed once published. */
    private volatile Object[] pairs = EMPTY;

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> create) {
        Object[] current = pairs;
        int at = indexOf(current, current.length, key);
        return (T) (at >= 0 ? current[at + 1] : addIfAbsent(key, create));
    }

    boolean has(Object key) {
        Object[] current = pairs;
        return indexOf(current, current.length, key) >= 0;
    }

    /** The index of {@code key} among the first {@code length} slots of {@code pairs}, or -1. */
    private static int indexOf(Object[] pairs, int length, Object key) {
        for (int i = 0; i < length; i += 2) {
            if (pairs[i] == key) {
                return i;
            }
        }
        return -1;
    }

    private synchronized Object addIfAbsent(Object key, Supplier<?> create) {
        int at = indexOf(pairs, pairs.length, key);
        if (at >= 0) {
            return pairs[at + 1];
        }
        Object value = create.get();
        // read pairs again: creating the value may have added another key
        Object[] grown = Arrays.copyOf(pairs, pairs.length + 2);
        grown[grown.length - 2] = key;
        grown[grown.length - 1] = value;
        pairs = grown;
        return value;
    }

    /**
     * A new vector holding {@code parent} merged with {@code child}: for keys only one side
     * has, that side's object; for keys both have, {@code merge(parent, child)}.
     */
    static ConfigVector merge(ConfigVector parent, ConfigVector child, Merger merger) {
        Object[] base = parent.pairs;
        Object[] over = child.pairs;
        Object[] merged = Arrays.copyOf(base, base.length + over.length);
        int length = base.length;
        for (int i = 0; i < over.length; i += 2) {
            int at = indexOf(base, base.length, over[i]);
            if (at >= 0) {
                merged[at + 1] = merger.merge(over[i], base[at + 1], over[i + 1]);
            } else {
                merged[length++] = over[i];
                merged[length++] = over[i + 1];
            }
        }
        ConfigVector result = new ConfigVector();
        result.pairs = length == merged.length ? merged : Arrays.copyOf(merged, length);
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
