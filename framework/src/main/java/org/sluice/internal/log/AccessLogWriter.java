package org.sluice.internal.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access log lines off the connections' threads: lines go into a bounded queue and one
 * writer thread appends them to their files (or pipes to programs, for {@code |command}
 * targets), flushing whenever the queue runs dry. When the queue is full a connection waits
 * for room rather than lose a line or grow memory.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int QUEUE_CAPACITY = 16_384;
    /** How long a line may wait in memory before it is written. */
    private static final long LINGER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private record Line(String target, String text) {
    }

    private static final Line STOP = new Line("", "");

    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Bytes a target collects before they are written; also written when the queue runs dry. */
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Map<String, OutputStream> outputs = new HashMap<>();
    private final List<Process> pipes = new ArrayList<>();
    private final Thread thread;

    public AccessLogWriter() {
        thread = Thread.ofPlatform().daemon().name("sluice-access-log").start(this::run);
    }

    /** Opens (creates) every target now, so a bad path fails at start-up, not at the first line. */
    public void open(String target) throws IOException {
        synchronized (outputs) {
            if (!outputs.containsKey(target)) {
                outputs.put(target, openOutput(target));
            }
        }
    }

    /** Queues a line (without line end) for {@code target}. */
    public void write(String target, String text) {
        try {
            queue.put(new Line(target, text));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OutputStream openOutput(String target) throws IOException {
        if (target.startsWith("|")) {
            Process process = new ProcessBuilder("/bin/sh", "-c", target.substring(1).trim())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            pipes.add(process);
            return new BufferedOutputStream(process.getOutputStream(), BUFFER_SIZE);
        }
        Path path = Path.of(target);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_SIZE);
    }

    /**
     * Drains the queue in batches. When it finds the queue empty it flushes and then sleeps a
     * moment instead of waiting on the queue, so a busy server does not wake this thread for
     * every line: lines reach the file within {@link #LINGER_NANOS}.
     */
    private void run() {
        List<OutputStream> dirty = new ArrayList<>();
        List<Line> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            queue.drainTo(batch, 1024);
            if (batch.isEmpty()) {
                flushAll(dirty);
                if (Thread.interrupted()) {
                    return;
                }
                LockSupport.parkNanos(this, LINGER_NANOS);
                continue;
            }
            for (Line line : batch) {
                if (line == STOP) {
                    flushAll(dirty);
                    return;
                }
                write(line, dirty);
            }
        }
    }

    private void write(Line line, List<OutputStream> dirty) {
        OutputStream out;
        synchronized (outputs) {
            out = outputs.get(line.target());
            if (out == null) {
                try {
                    out = openOutput(line.target());
                    outputs.put(line.target(), out);
                } catch (IOException e) {
                    log.error("cannot open access log {}: {}", line.target(), e.toString());
                    return;
                }
            }
        }
        try {
            out.write(line.text().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            if (!dirty.contains(out)) {
                dirty.add(out);
            }
        } catch (IOException e) {
            log.error("cannot write access log {}: {}", line.target(), e.toString());
        }
    }

    private static void flushAll(List<OutputStream> dirty) {
        for (OutputStream out : dirty) {
            try {
                out.flush();
            } catch (IOException e) {
                log.error("cannot flush access log: {}", e.toString());
            }
        }
        dirty.clear();
    }

    /** Writes what is queued, then closes every target. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (outputs) {
            for (OutputStream out : outputs.values()) {
                try {
                    out.close();
                } catch (IOException e) {
                    log.warn("closing access log: {}", e.toString());
                }
            }
            outputs.clear();
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
