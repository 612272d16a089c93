package org.sluice.smtp.internal;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.connection.Blocking;

/**
 * One Maildir ({@code tmp}, {@code new}, {@code cur}; cr.yp.to/proto/maildir.html) that takes
 * one file per message. A message is written to {@code tmp} as it arrives; {@link
 * Delivery#commit()} makes it durable and only then visible: the file is synced, renamed into
 * {@code new}, and {@code new} is synced. A reader of {@code new} never sees half a message,
 * and a message whose commit returned survives a crash.
 */
final class Maildir {

    private static final Logger LOG = LoggerFactory.getLogger(Maildir.class);

    /** Deliveries by this process, for unique names (the spec's {@code Q}). */
    private static final AtomicLong DELIVERIES = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final String host;

    /**
     * @param hostname the name that ends every file name; {@code /} and {@code :}, which a
     *     Maildir name cannot hold, are written as the spec says ({@code \057}, {@code \072})
     */
    Maildir(Path root, String hostname) {
        this.root = root;
        this.host = hostname.replace("/", "\\057").replace(":", "\\072");
    }

    Path root() {
        return root;
    }

    /**
     * Starts a message: creates the Maildir's directories if need be, and a new file in
     * {@code tmp}.
     */
    Delivery begin() throws IOException {
        Instant now = Instant.now();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String id = now.getEpochSecond() + ".M" + now.getNano() / 1000 + "P" + ProcessHandle.current().pid()
                + "Q" + DELIVERIES.incrementAndGet() + "R" + HexFormat.of().formatHex(random);
        return call(() -> {
            Path tmp = Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("new"));
            Files.createDirectories(root.resolve("cur"));
            Path file = tmp.resolve(id + "." + host);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Delivery(id, file, channel);
        });
    }

    /** A message being written to {@code tmp}; closing it without a commit removes it. */
    final class Delivery implements Closeable {

        private final String id;
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Delivery(String id, Path file, FileChannel channel) {
            this.id = id;
            this.file = file;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        /** The message's unique name, without the host: also its queue id. */
        String id() {
            return id;
        }

        /** Where the message's bytes go, buffered; written to the page cache, which is quick. */
        OutputStream out() {
            return out;
        }

        /**
         * Makes the message durable and delivers it: flush, fsync, rename into {@code new},
         * fsync {@code new}.
         *
         * @return the delivered file
         */
        Path commit() throws IOException {
            Path delivered = root.resolve("new").resolve(file.getFileName());
            call(() -> {
                out.flush();
                channel.force(true);
                channel.close();
                Files.move(file, delivered, StandardCopyOption.ATOMIC_MOVE);
                done = true;
                try (FileChannel directory = FileChannel.open(delivered.getParent(), StandardOpenOption.READ)) {
                    directory.force(true);
                }
                return null;
            });
            return delivered;
        }

        /** Removes the file from {@code tmp} unless it was delivered. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                call(() -> {
                    try {
                        channel.close();
                    } finally {
                        Files.deleteIfExists(file);
                    }
                    return null;
                });
            } catch (IOException e) {
                LOG.warn("SMTPMaildir {}: cannot remove the undelivered {}: {}", root, file, e.toString());
            }
        }
    }

    /** File system work that may wait on the disk (fsync above all) runs where it holds up no event loop. */
    private static <T> T call(java.util.concurrent.Callable<T> work) throws IOException {
        try {
            return Blocking.call(work);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
