package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.sluice.connection.LoopTurn;

/**
 * Files' attributes, shared by the requests an event loop serves in one turn
 * ({@link LoopTurn}): a page asked for by many clients at once is looked at once per turn, not
 * once per request, and no request sees attributes older than its own arrival. A small
 * direct-mapped table: a path's slot holds the last look at it, good for the turn it was taken
 * in; a slot taken by another path, or an old turn, means looking again.
 */
final class TurnStats {

    private static final int SLOTS = 256;

    /** One look; the record's final fields make it safe to hand between loops through a plain array. */
    private record Look(Path file, Object turn, BasicFileAttributes attributes) {
    }

    private final Look[] slots = new Look[SLOTS];

    /** The file's attributes, links followed; null if it does not exist or cannot be looked at. */
    BasicFileAttributes stat(Path file) {
        Object turn = LoopTurn.current();
        if (turn == null) {
            return look(file);
        }
        int slot = file.hashCode() & (SLOTS - 1);
        Look last = slots[slot];
        if (last != null && last.turn() == turn && last.file().equals(file)) {
            return last.attributes();
        }
        BasicFileAttributes attributes = look(file);
        slots[slot] = new Look(file, turn, attributes);
        return attributes;
    }

    private static BasicFileAttributes look(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }
}
