package org.sluice.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.hook.Result;

/**
 * Echoes straight on the socket, bypassing every filter: reads what arrived (up to 1 KiB) and
 * sends it back, until end of stream or a read that is only CR/LF.
 */
public final class SocketEchoHandler implements ConnectionHandler {

    private static final int BUFFER = 1024;

    @Override
    public Result handle(Connection c) throws IOException {
        InputStream in = c.socketInput();
        OutputStream out = c.socketOutput();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (onlyNewlines(buffer, n)) {
                break;
            }
            out.write(buffer, 0, n);
            out.flush();
        }
        return Result.OK;
    }

    private static boolean onlyNewlines(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            if (buffer[i] != '\r' && buffer[i] != '\n') {
                return false;
            }
        }
        return true;
    }
}
