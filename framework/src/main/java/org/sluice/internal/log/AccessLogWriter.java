package org.sluice.internal.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access log lines off the connections' threads. Each target (a file, or a pipe to a
 * program for {@code |command}) has two buffers: connections append their lines, as bytes, to
 * one while a writer thread writes the other out, then they trade places. A line costs its
 * thread one copy under an uncontended lock, never a disk write; lines reach the target within
 * {@link #LINGER_NANOS}, or sooner once half a buffer is full. A buffer starts at {@link
 * #FIRST_SIZE} and doubles while its lines do not fit, up to {@link #BUFFER_SIZE}, so a quiet
 * log (one per virtual host, say) holds a few KiB and a busy one a few hundred. When a buffer is
 * full at that size its writers wait for the writer thread rather than lose a line or grow
 * memory.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    /** Bytes a target collects at most before they must be written; it has two such buffers. */
    static final int BUFFER_SIZE = 256 * 1024;
    /** The size a target's buffer starts at. */
    static final int FIRST_SIZE = 8 * 1024;
    /** How long a line may wait in memory before it is written. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final List<Process> pipes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closing;

    public AccessLogWriter() {
        thread = Thread.ofPlatform().daemon().name("sluice-access-log").start(this::run);
    }

    /** One file or pipe and its two buffers. */
    private final class Target {
        final String name;
        final OutputStream out;
        final ReentrantLock lock = new ReentrantLock();
        /** Signalled when the buffers trade places: there is room again. */
        final Condition room = lock.newCondition();
        /** Where lines go now (guarded by lock). */
        byte[] filling = new byte[FIRST_SIZE];
        int length;
        /** Whether the writer thread was asked to come early (guarded by lock). */
        boolean called;
        /** What the writer thread writes out; only it touches this one. */
        byte[] writing = new byte[0];

        Target(String name, OutputStream out) {
            this.name = name;
            this.out = out;
        }

        /** Connection thread: appends the line and its line end. */
        void append(CharSequence line) {
            // most lines are ASCII: copied straight in; any other is encoded first
            byte[] encoded = isAscii(line) ? null : line.toString().getBytes(StandardCharsets.UTF_8);
            int size = encoded == null ? line.length() : encoded.length;
            int needed = size + 1;
            lock.lock();
            try {
                while (length + needed > filling.length) {
                    int grown = Math.min(BUFFER_SIZE, Math.max(filling.length * 2, length + needed));
                    if (length + needed <= grown) {
                        filling = Arrays.copyOf(filling, grown);
                    } else if (length == 0) {
                        // a line longer than a buffer gets a buffer of its own, once
                        filling = new byte[needed];
                    } else if (closing) {
                        return; // the writer thread wrote its last; shutting down drops the line
                    } else {
                        callWriter();
                        room.awaitUninterruptibly();
                    }
                }
                if (encoded == null) {
                    for (int i = 0; i < size; i++) {
                        filling[length + i] = (byte) line.charAt(i);
                    }
                } else {
                    System.arraycopy(encoded, 0, filling, length, size);
                }
                filling[length + size] = '\n';
                length += needed;
                if (length > BUFFER_SIZE / 2) {
                    callWriter();
                }
            } finally {
                lock.unlock();
            }
        }

        private void callWriter() {
            if (!called) {
                called = true;
                LockSupport.unpark(thread);
            }
        }

        /** Writer thread: takes what was appended and writes it out. */
        void drain() {
            int n;
            lock.lock();
            try {
                called = false;
                n = length;
                if (n == 0) {
                    return;
                }
                byte[] full = filling;
                // the next buffer as large as this one was (not past the limit, after a long line)
                int size = Math.min(full.length, BUFFER_SIZE);
                filling = writing.length == size ? writing : new byte[size];
                writing = full;
                length = 0;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                out.write(writing, 0, n);
                out.flush();
            } catch (IOException e) {
                log.error("cannot write access log {}: {}", name, e.toString());
            }
        }
    }

    /** Opens (creates) a target now, so a bad path fails at start-up, not at the first line. */
    public void open(String target) throws IOException {
        target(target);
    }

    private Target target(String name) throws IOException {
        Target target = targets.get(name);
        if (target != null) {
            return target;
        }
        synchronized (targets) {
            target = targets.get(name);
            if (target == null) {
                target = new Target(name, openOutput(name));
                targets.put(name, target);
            }
            return target;
        }
    }

    /** Appends a line (given without line end) for {@code target}; dropped once the writer is closed. */
    public void write(String target, CharSequence text) {
        if (closing) {
            return;
        }
        try {
            target(target).append(text);
        } catch (IOException e) {
            log.error("cannot open access log {}: {}", target, e.toString());
        }
    }

    private static boolean isAscii(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private OutputStream openOutput(String target) throws IOException {
        if (target.startsWith("|")) {
            Process process = new ProcessBuilder("/bin/sh", "-c", target.substring(1).trim())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            pipes.add(process);
            return process.getOutputStream();
        }
        Path path = Path.of(target);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Writes every target out each {@link #LINGER_NANOS}, or sooner when called; once more at the end. */
    private void run() {
        while (!closing) {
            LockSupport.parkNanos(this, LINGER_NANOS);
            drainAll();
        }
        drainAll();
    }

    private void drainAll() {
        for (Target target : targets.values()) {
            try {
                target.drain();
            } catch (RuntimeException e) {
                // whatever went wrong, the thread goes on: connections waiting for room depend on it
                log.error("access log {}: {}", target.name, e.toString());
            }
        }
    }

    /** Writes what was appended, then closes every target. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (targets) {
            for (Target target : targets.values()) {
                try {
                    target.out.close();
                } catch (IOException e) {
                    log.warn("closing access log: {}", e.toString());
                }
            }
            targets.clear();
        }
        for (Process pipe : pipes) {
            try {
                pipe.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
