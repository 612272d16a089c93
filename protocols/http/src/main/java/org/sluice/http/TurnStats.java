package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.sluice.connection.LoopTurn;

/**
 * Files' attributes, shared by the requests an event loop serves in one turn
 * ({@link LoopTurn}): a page asked for by many clients at once is looked at once per turn, not
 * once per request, and no request sees attributes older than its own arrival. The last look
 * at each path is kept ({@link RecentTable}), good for the turn it was taken in; a look
 * forgotten, or of an old turn, means looking again.
 */
final class TurnStats {

    /** One look at a file, and the turn it was taken in. */
    private record Look(Object turn, BasicFileAttributes attributes) {
    }

    private final RecentTable<Path, Look> looks = new RecentTable<>(256);

    /** The file's attributes, links followed; null if it does not exist or cannot be looked at. */
    BasicFileAttributes stat(Path file) {
        Object turn = LoopTurn.current();
        if (turn == null) {
            return look(file);
        }
        Look last = looks.get(file);
        if (last != null && last.turn() == turn) {
            return last.attributes();
        }
        BasicFileAttributes attributes = look(file);
        looks.put(file, new Look(turn, attributes));
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
