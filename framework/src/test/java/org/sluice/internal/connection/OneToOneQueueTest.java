package org.sluice.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link OneToOneQueue}: order and completeness, alone and with the two sides on two threads. */
class OneToOneQueueTest {

    @Test
    void valuesComeOutInTheOrderTheyWentIn() {
        OneToOneQueue<String> queue = new OneToOneQueue<>();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();

        queue.offer("a");
        queue.offer("b");
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.poll()).isEqualTo("a");
        queue.offer("c");
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll()).isEqualTo("c");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aConsumerOnAnotherThreadGetsEveryValueOnceAndInOrder() throws Exception {
        int count = 2_000_000;
        OneToOneQueue<Integer> queue = new OneToOneQueue<>();
        CompletableFuture<List<Integer>> consumed = CompletableFuture.supplyAsync(() -> {
            List<Integer> got = new ArrayList<>(count);
            while (got.size() < count) {
                Integer value = queue.poll();
                if (value == null) {
                    Thread.onSpinWait();
                } else {
                    got.add(value);
                }
            }
            return got;
        });
        for (int i = 0; i < count; i++) {
            queue.offer(i);
        }

        List<Integer> got = consumed.get(60, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            if (got.get(i) != i) {
                throw new AssertionError("value " + i + " came out as " + got.get(i));
            }
        }
        assertThat(queue.poll()).isNull();
    }
}
