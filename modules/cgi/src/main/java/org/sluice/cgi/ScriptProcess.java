package org.sluice.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.sluice.server.Server;

/**
 * A running script and the three threads that move its bytes, so that the request's own
 * (virtual) thread never blocks on a pipe (it may be carried by an event loop) and never waits
 * on one pipe while the script waits on the other.
 *
 * <pre>
 *  request thread ──offerInput──▶ [stdin queue] ──stdin pump──▶ script ──stdout pump──▶ [stdout queue] ──pollOutput──▶ request thread
 *                                                                   └──stderr pump──▶ error log, line by line
 * </pre>
 *
 * Both queues hold at most {@link #QUEUED_CHUNKS} chunks of at most {@link #CHUNK} bytes: a
 * script that writes faster than the client reads waits on its stdout pipe, and one that does not
 * read its input makes the request thread stop reading the body and deal with the script's
 * output, so neither side can wait for the other forever. The pumps wake the request thread
 * when they move a chunk.
 *
 * <p>{@link #kill()} ends the script and every process it started that is still its descendant:
 * SIGTERM, then SIGKILL to those alive after {@link #GRACE}. Scripts still running when their
 * server stops are killed by the module's server-stop hook.
 */
final class ScriptProcess {

    /** The most one read from a pipe or the request body moves. */
    static final int CHUNK = 16 * 1024;
    /** Chunks queued each way. */
    static final int QUEUED_CHUNKS = 4;
    /** How long a script has to end after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** Bytes of one line of the script's stderr that reach the error log; the rest of the line is dropped. */
    static final int STDERR_LINE = 8192;
    /** The end of stdout, in the stdout queue. */
    static final byte[] END = new byte[0];

    private static final Set<ScriptProcess> RUNNING = ConcurrentHashMap.newKeySet();

    /** Pump threads not yet ended, of every script. */
    private static final java.util.concurrent.atomic.AtomicInteger LIVE_PUMPS = new java.util.concurrent.atomic.AtomicInteger();

    private final Process process;
    private final Server server;
    /** One more slot than data may take: the end of the input always fits. */
    private final ArrayBlockingQueue<byte[]> stdin = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1);
    private final ArrayBlockingQueue<byte[]> stdout = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile Thread waiter;
    /** The script no longer takes input (it closed stdin or ended): what is left is dropped. */
    private volatile boolean inputRefused;
    /** The request no longer wants the output: the stdout pump drops it. */
    private volatile boolean abandoned;
    private volatile long lastProgress = System.nanoTime();

    private ScriptProcess(Process process, Server server) {
        this.process = process;
        this.server = server;
    }

    /**
     * Starts the pumps of a process just started.
     *
     * @param name for the pump threads' names
     * @param stderrLine takes each line of the script's stderr (on the stderr pump's thread)
     */
    static ScriptProcess of(Process process, Server server, String name, Consumer<String> stderrLine) {
        ScriptProcess script = new ScriptProcess(process, server);
        RUNNING.add(script);
        script.pump("cgi-stdin " + name, script::pumpInput);
        script.pump("cgi-stdout " + name, script::pumpOutput);
        script.pump("cgi-stderr " + name, () -> pumpErrors(process.getErrorStream(), stderrLine));
        return script;
    }

    /**
     * Pumps are platform threads: a read or write on a pipe holds its thread whatever kind it
     * is, and a virtual thread started here would share the request's scheduler, which may be
     * its event loop (HandlerScheduler), and stall every connection of that loop.
     */
    private void pump(String name, Runnable work) {
        LIVE_PUMPS.incrementAndGet();
        Thread.ofPlatform().daemon().name(name).stackSize(256 * 1024).start(() -> {
            try {
                work.run();
            } finally {
                LIVE_PUMPS.decrementAndGet();
            }
        });
    }

    // ---- the request thread's side ----

    /** Whether {@link #offerInput} may be called now: there is room, or the script takes no more. */
    boolean acceptsInput() {
        return inputRefused || stdin.remainingCapacity() > 1;
    }

    /** Queues body bytes for the script (only when {@link #acceptsInput()}); dropped once it takes no more. */
    void offerInput(byte[] chunk) {
        if (!inputRefused && !stdin.offer(chunk)) {
            throw new IllegalStateException("the script's input queue is full");
        }
    }

    /** The body has ended: the script's stdin is closed once it has taken what is queued. */
    void endInput() {
        stdin.offer(END);
    }

    /** The next chunk of the script's stdout, {@link #END} once it has ended, or null when none is there yet. */
    byte[] pollOutput() {
        byte[] chunk = stdout.poll();
        if (chunk != null) {
            wake();
        }
        return chunk;
    }

    /** Whether output is queued. */
    boolean hasOutput() {
        return !stdout.isEmpty();
    }

    /**
     * Parks until output is queued, or input is wanted and may be offered, or {@code stop}
     * says so (checked every {@code pollNanos}), or {@code timeoutNanos} pass without the
     * script producing output or taking input.
     *
     * @return false when the time ran out
     */
    boolean await(boolean wantInput, long timeoutNanos, long pollNanos, BooleanSupplier stop) {
        waiter = Thread.currentThread();
        try {
            while (stdout.isEmpty() && !(wantInput && acceptsInput()) && !stop.getAsBoolean()) {
                long left = lastProgress + timeoutNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, pollNanos));
            }
            return true;
        } finally {
            waiter = null;
        }
    }

    /** The script produced output or took input now. */
    private void progressed() {
        lastProgress = System.nanoTime();
        wake();
    }

    private void wake() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits up to {@code limit} for the script to end by itself; kills it when it does not.
     *
     * @return the exit status, or -1 if it was killed
     */
    int finish(Duration limit) {
        try {
            int status = process.onExit().get(limit.toNanos(), TimeUnit.NANOSECONDS).exitValue();
            close();
            return status;
        } catch (TimeoutException | ExecutionException e) {
            kill();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return -1;
        }
    }

    /** Kills the script if it still runs, and forgets it. */
    void close() {
        if (process.isAlive()) {
            kill();
        } else {
            RUNNING.remove(this);
            release();
        }
    }

    /** Lets pumps blocked on a queue nobody serves any more go on to their end. */
    private void release() {
        abandoned = true;
        stdin.clear();
        stdin.offer(END);
        stdout.clear();
    }

    /**
     * Ends the script: SIGTERM to it and its descendants, SIGKILL to those still alive after
     * {@link #GRACE}. Parks the calling thread for at most that long.
     */
    void kill() {
        if (!killed.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> family = terminate();
        awaitEnd(family, System.nanoTime() + GRACE.toNanos());
        RUNNING.remove(this);
        release();
    }

    /** SIGTERM to the script and its descendants (found first: once it ends they are no longer its). */
    private List<ProcessHandle> terminate() {
        List<ProcessHandle> family = new ArrayList<>();
        family.add(process.toHandle());
        try {
            process.descendants().forEach(family::add);
        } catch (RuntimeException e) {
            // the process table could not be read: the script itself is still ended
        }
        for (ProcessHandle p : family) {
            p.destroy();
        }
        return family;
    }

    /** SIGKILL to those of {@code family} still alive at {@code deadline}. */
    private static void awaitEnd(List<ProcessHandle> family, long deadline) {
        for (ProcessHandle p : family) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle p : family) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Server stop: kills every script of {@code server} still running, all at once. */
    static void killAll(Server server) {
        List<ScriptProcess> scripts = RUNNING.stream().filter(s -> s.server == server).toList();
        List<List<ProcessHandle>> families = new ArrayList<>();
        for (ScriptProcess script : scripts) {
            if (script.killed.compareAndSet(false, true)) {
                families.add(script.terminate());
            }
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (List<ProcessHandle> family : families) {
            awaitEnd(family, deadline);
        }
        // their requests see the output end, and finish
        RUNNING.removeAll(scripts);
    }

    /** The number of scripts running (of every server), for tests. */
    static int running() {
        return RUNNING.size();
    }

    /** The pump threads still running, of every script, for tests: none outlives its script's pipes. */
    static int livePumps() {
        return LIVE_PUMPS.get();
    }

    // ---- the pumps ----

    /** stdin pump: queued body chunks to the script, then closes its stdin. */
    private void pumpInput() {
        OutputStream in = process.getOutputStream();
        try (in) {
            while (true) {
                byte[] chunk = stdin.take();
                progressed();
                if (chunk == END) {
                    return;
                }
                if (!inputRefused) {
                    try {
                        in.write(chunk);
                        in.flush();
                    } catch (IOException e) {
                        // the script closed its stdin or ended: the rest of the body is dropped
                        inputRefused = true;
                        stdin.clear();
                        wake();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing a pipe the script no longer reads
        } finally {
            inputRefused = true;
            wake();
        }
    }

    /** stdout pump: the script's output in chunks, then {@link #END}. */
    private void pumpOutput() {
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = out.read(buffer)) >= 0) {
                if (n > 0 && !abandoned) {
                    stdout.put(java.util.Arrays.copyOf(buffer, n));
                    progressed();
                }
            }
        } catch (IOException e) {
            // the pipe broke: the output ends here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!abandoned) {
            try {
                stdout.put(END);
                progressed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** stderr pump: each line (without its CR LF) to {@code line}, cut at {@link #STDERR_LINE} bytes. */
    private static void pumpErrors(InputStream err, Consumer<String> line) {
        byte[] buffer = new byte[4096];
        byte[] current = new byte[STDERR_LINE];
        int length = 0;
        boolean cut = false;
        try (err) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(current, length, cut, line);
                        length = 0;
                        cut = false;
                    } else if (length < STDERR_LINE) {
                        current[length++] = b;
                    } else {
                        cut = true;
                    }
                }
            }
        } catch (IOException e) {
            // the pipe broke: what was read is still logged
        }
        if (length > 0) {
            emit(current, length, cut, line);
        }
    }

    private static void emit(byte[] bytes, int length, boolean cut, Consumer<String> line) {
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        StringBuilder text = new StringBuilder(length + 16);
        for (char c : new String(bytes, 0, length, StandardCharsets.UTF_8).toCharArray()) {
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                text.append(String.format("\\x%02x", (int) c));
            } else {
                text.append(c);
            }
        }
        if (cut) {
            text.append(" [line cut at ").append(STDERR_LINE).append(" bytes]");
        }
        line.accept(text.toString());
    }
}
