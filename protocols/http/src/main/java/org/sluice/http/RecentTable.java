package org.sluice.http;

/**
 * The last value remembered for each of a few hundred keys: a direct-mapped table for memos of
 * what is asked for over and over (a host name, a path, a file's attributes). A key's slot
 * holds its last entry until another key that maps there takes it. Each slot holds one
 * immutable entry, written and read whole, so threads may share the table without locks; at
 * worst one forgets what another remembered.
 */
final class RecentTable<K, V> {

    /** One key and its value; final fields make it safe to hand between threads through a plain array. */
    private record Entry<K, V>(K key, V value) {
    }

    private final Entry<K, V>[] slots;

    /** A table of {@code size} slots, a power of two. */
    @SuppressWarnings("unchecked")
    RecentTable(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        slots = (Entry<K, V>[]) new Entry<?, ?>[size];
    }

    /** The value last remembered for {@code key}, or null. */
    V get(K key) {
        Entry<K, V> entry = slots[slot(key)];
        return entry != null && entry.key().equals(key) ? entry.value() : null;
    }

    /** Remembers {@code value} for {@code key}, in place of whatever held its slot. */
    void put(K key, V value) {
        slots[slot(key)] = new Entry<>(key, value);
    }

    private int slot(K key) {
        return key.hashCode() & (slots.length - 1);
    }
}
