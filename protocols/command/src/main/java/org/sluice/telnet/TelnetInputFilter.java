package org.sluice.telnet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Arrays;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/**
 * Turns a telnet client's byte stream into plain data: option negotiation is answered (through
 * {@link TelnetOptions}) and removed, subnegotiations ({@code IAC SB ... IAC SE}) and other
 * commands are dropped, {@code IAC IAC} becomes one byte 255, and telnet's {@code CR NUL} (a
 * bare carriage return, what some clients send for Enter) becomes {@code CR LF}. The handler
 * above reads lines as if the client were nc.
 *
 * <p>Registered as input filter {@value #NAME} of type {@link FilterType#PROTOCOL}, so it
 * sits above connection filters such as {@code dumpio} (which still see the raw bytes). A
 * protocol adds it when it starts, or a host names it:
 *
 * <pre>{@code
 * connection.input().add(TelnetInputFilter.NAME);     // in a ConnectionHandler
 * ConnectionInputFilter telnet                         # in sluice.conf
 * }</pre>
 *
 * <p>It answers every read mode. Memory is bounded: a GETLINE read holds at most its limit
 * plus one chunk ({@value #CHUNK} bytes) of decoded data; a subnegotiation is skipped, never
 * stored, however long it is.
 */
public final class TelnetInputFilter implements InputFilter {

    /** The name the filter is registered under. */
    public static final String NAME = "telnet";
    /** The filter's place: a protocol's framing, above the connection's filters. */
    public static final FilterType TYPE = FilterType.PROTOCOL;

    static final int CHUNK = 4096;

    /** Where the decoder is in the telnet grammar. */
    private enum State { DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC }

    private State state = State.DATA;
    private int verb;
    private boolean afterCr;
    private TelnetOptions options;

    /** Decoded bytes not yet handed up: {@code data[start, end)}. */
    private byte[] data = new byte[256];
    private int start;
    private int end;

    @Override
    public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
        if (options == null) {
            options = TelnetOptions.of(ctx.connection());
        }
        return switch (mode) {
            case GETLINE -> line(ctx, into, block, readBytes > 0 ? readBytes : Long.MAX_VALUE);
            case READBYTES, SPECULATIVE -> bytes(ctx, into, block, readBytes, mode == ReadMode.READBYTES);
            case EXHAUSTIVE -> everything(ctx, into, readBytes);
            case EATCRLF -> eatCrlf(ctx, into, block, readBytes);
        };
    }

    private ReadStatus line(Context ctx, Brigade into, Block block, long limit) throws IOException {
        int scanned = 0;
        while (true) {
            int lf = indexOfLf(scanned, limit);
            if (lf >= 0) {
                handUp(into, lf + 1 - start, true);
                return ReadStatus.OK;
            }
            scanned = available();
            if (available() >= limit) {
                throw new LineTooLongException(limit);
            }
            ReadStatus status = fill(ctx, block);
            if (status == ReadStatus.EOF) {
                if (available() == 0) {
                    return ReadStatus.EOF;
                }
                handUp(into, available(), true);
                return ReadStatus.OK;
            }
            if (status == ReadStatus.AGAIN) {
                return ReadStatus.AGAIN;
            }
        }
    }

    private ReadStatus bytes(Context ctx, Brigade into, Block block, long max, boolean consume) throws IOException {
        while (available() == 0) {
            ReadStatus status = fill(ctx, block);
            if (status != ReadStatus.OK) {
                return status;
            }
        }
        int n = max > 0 ? (int) Math.min(max, available()) : available();
        handUp(into, n, consume);
        return ReadStatus.OK;
    }

    private ReadStatus everything(Context ctx, Brigade into, long max) throws IOException {
        while (fill(ctx, Block.BLOCK) == ReadStatus.OK) {
            if (max > 0 && available() > max) {
                throw new IOException("more than " + max + " bytes before end of stream");
            }
        }
        if (available() == 0) {
            return ReadStatus.EOF;
        }
        handUp(into, available(), true);
        return ReadStatus.OK;
    }

    private ReadStatus eatCrlf(Context ctx, Brigade into, Block block, long readBytes) throws IOException {
        while (start < end && (data[start] == '\r' || data[start] == '\n')) {
            start++;
        }
        // CR and LF are never part of a telnet command, so below us they can be eaten raw
        return start < end ? ReadStatus.OK : ctx.readNext(into, ReadMode.EATCRLF, block, readBytes);
    }

    /** Decoded bytes wait to be handed up: a read needs nothing more from the network. */
    @Override
    public boolean holdsInput() {
        return available() > 0;
    }

    private int available() {
        return end - start;
    }

    private int indexOfLf(int from, long limit) {
        int stop = (int) Math.min(end, start + Math.min(limit, Integer.MAX_VALUE - start));
        for (int i = start + from; i < stop; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void handUp(Brigade into, int n, boolean consume) {
        into.addLast(Unpooled.copiedBuffer(data, start, n));
        if (consume) {
            start += n;
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }

    /** Reads one chunk from below and decodes it; OK may have added no data (only commands arrived). */
    private ReadStatus fill(Context ctx, Block block) throws IOException {
        try (Brigade raw = new Brigade()) {
            ReadStatus status = ctx.readNext(raw, ReadMode.READBYTES, block, CHUNK);
            if (status == ReadStatus.OK) {
                for (Bucket b : raw) {
                    if (b instanceof DataBucket chunk) {
                        decode(chunk.content());
                    }
                }
            }
            return status;
        }
    }

    private void decode(ByteBuf chunk) throws IOException {
        for (int i = chunk.readerIndex(); i < chunk.writerIndex(); i++) {
            int b = chunk.getByte(i) & 0xff;
            switch (state) {
                case DATA -> {
                    if (b == Telnet.IAC) {
                        state = State.COMMAND;
                    } else if (b == 0 && afterCr) {
                        emit('\n');
                    } else {
                        emit(b);
                    }
                }
                case COMMAND -> {
                    if (b == Telnet.IAC) {
                        emit(Telnet.IAC);
                        state = State.DATA;
                    } else if (Telnet.isNegotiation(b)) {
                        verb = b;
                        state = State.OPTION;
                    } else if (b == Telnet.SB) {
                        state = State.SUBNEGOTIATION;
                    } else {
                        // NOP, GA, AYT, IP, ...: nothing a line protocol acts on
                        state = State.DATA;
                    }
                }
                case OPTION -> {
                    state = State.DATA;
                    options.received(verb, b);
                }
                case SUBNEGOTIATION -> {
                    if (b == Telnet.IAC) {
                        state = State.SUBNEGOTIATION_IAC;
                    }
                }
                case SUBNEGOTIATION_IAC -> state = b == Telnet.SE ? State.DATA : State.SUBNEGOTIATION;
            }
        }
    }

    private void emit(int b) {
        if (end == data.length) {
            if (start > 0) {
                System.arraycopy(data, start, data, 0, end - start);
                end -= start;
                start = 0;
            } else {
                data = Arrays.copyOf(data, data.length * 2);
            }
        }
        data[end++] = (byte) b;
        afterCr = b == '\r';
    }
}
