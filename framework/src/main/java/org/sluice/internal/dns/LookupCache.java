package org.sluice.internal.dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Answers by question, each kept for its time to live, at most {@code capacity} of them (the
 * least recently asked go first). A question being asked is in the cache too, so connections
 * that ask it meanwhile wait for the same answer instead of asking again: however many
 * clients come from one address, DNS hears about it once.
 */
final class LookupCache<K, V> {

    /** An answer and how long it may be kept; 0 keeps it only while it is being asked. */
    record Answer<V>(V value, long ttlNanos) {
    }

    private record Kept<V>(CompletableFuture<Answer<V>> answer, long expires) {
        boolean expired(long now) {
            return answer.isDone() && now - expires >= 0;
        }
    }

    private final int capacity;
    private final Map<K, Kept<V>> entries;

    LookupCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Kept<V>> eldest) {
                return size() > LookupCache.this.capacity;
            }
        };
    }

    /** The answer to {@code question}: kept, being asked, or asked now with {@code ask}. */
    CompletableFuture<Answer<V>> get(K question, Function<K, CompletableFuture<Answer<V>>> ask) {
        long now = System.nanoTime();
        CompletableFuture<Answer<V>> asked;
        synchronized (entries) {
            Kept<V> entry = entries.get(question);
            if (entry != null && !entry.expired(now)) {
                return entry.answer();
            }
            asked = new CompletableFuture<>();
            entries.put(question, new Kept<>(asked, Long.MAX_VALUE));
        }
        CompletableFuture<Answer<V>> asking;
        try {
            asking = ask.apply(question);
        } catch (RuntimeException e) {
            asking = CompletableFuture.failedFuture(e);
        }
        asking.whenComplete((answer, failure) -> {
            keep(question, asked, answer);
            if (failure != null) {
                asked.completeExceptionally(failure);
            } else {
                asked.complete(answer);
            }
        });
        return asked;
    }

    /** Dates the entry of a question just answered, or drops it when the answer is not to be kept. */
    private void keep(K question, CompletableFuture<Answer<V>> asked, Answer<V> answer) {
        synchronized (entries) {
            Kept<V> entry = entries.get(question);
            if (entry == null || entry.answer() != asked) {
                return;
            }
            if (answer == null || answer.ttlNanos() <= 0) {
                entries.remove(question);
            } else {
                entries.put(question, new Kept<>(asked, System.nanoTime() + answer.ttlNanos()));
            }
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
