package org.sluice.internal.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded linked queue between one producing and one consuming thread, for the buffers a
 * connection's event loop and its handler hand each other. Neither side takes a lock or does a
 * compare-and-set: the producer publishes each node with a release store and the consumer
 * reads it with an acquire load. An empty queue is one node, so an idle connection's queues
 * cost a few dozen bytes (a padded array queue would cost a few hundred).
 *
 * <p>{@link #offer} must only be called by one thread at a time, and {@link #poll} and {@link
 * #isEmpty} by one thread at a time; either role may pass to another thread when a
 * happens-before edge (a task handed to an executor, a lock, a volatile) orders the old
 * thread's last call before the new thread's first.
 */
final class OneToOneQueue<T> {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node<T> {
        T value;
        @SuppressWarnings("unused") // through NEXT
        Node<T> next;

        Node(T value) {
            this.value = value;
        }
    }

    /** The consumer's node: its value was taken; what follows it is next. */
    private Node<T> head;
    /** The producer's node: the last one added. */
    private Node<T> tail;

    OneToOneQueue() {
        head = tail = new Node<>(null);
    }

    /** Producer: adds {@code value} (not null) at the end. */
    void offer(T value) {
        Node<T> node = new Node<>(value);
        NEXT.setRelease(tail, node);
        tail = node;
    }

    /** Consumer: takes the first value, or returns null if there is none. */
    @SuppressWarnings("unchecked")
    T poll() {
        Node<T> next = (Node<T>) NEXT.getAcquire(head);
        if (next == null) {
            return null;
        }
        T value = next.value;
        next.value = null;
        head = next;
        return value;
    }

    /** Consumer: whether nothing is queued. */
    boolean isEmpty() {
        return NEXT.getAcquire(head) == null;
    }
}
