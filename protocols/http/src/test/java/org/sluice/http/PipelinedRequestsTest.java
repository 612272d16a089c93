package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;

/**
 * The pieces used together as the HTTP module will: lines taken off a brigade of received
 * bytes for the head, then the body decoder on what follows, then the next request.
 */
class PipelinedRequestsTest {

    private record Request(RequestHead head, String body) {
    }

    private static List<Request> readAll(String wire, int pieceSize) throws HttpException {
        Brigade input = new Brigade();
        for (int at = 0; at < wire.length(); at += pieceSize) {
            input.addLast(Bytes.of(wire.substring(at, Math.min(wire.length(), at + pieceSize))));
        }
        List<Request> requests = new ArrayList<>();
        try {
            while (!input.isEmpty()) {
                RequestHead head = readHead(input);
                requests.add(new Request(head, readBody(input, head)));
            }
        } finally {
            input.cleanup();
        }
        return requests;
    }

    private static RequestHead readHead(Brigade input) throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        while (true) {
            try (Brigade line = new Brigade()) {
                assertThat(input.splitLine(line, parser.lineLimit())).as("a whole line is available").isTrue();
                ByteBuf bytes = line.flattenToBuffer();
                try {
                    RequestHead head = parser.offer(bytes);
                    if (head != null) {
                        return head;
                    }
                } finally {
                    bytes.release();
                }
            }
        }
    }

    private static String readBody(Brigade input, RequestHead head) throws HttpException {
        BodyDecoder decoder = BodyDecoder.create(head.framing(), HttpLimits.DEFAULT);
        Brigade body = new Brigade();
        try {
            while (!decoder.isDone()) {
                Bucket first = input.first();
                assertThat(first).as("body bytes available").isNotNull();
                ByteBuf bytes = ((DataBucket) first).content();
                decoder.decode(bytes, body);
                if (!bytes.isReadable()) {
                    first.delete();
                }
            }
            decoder.finish();
            return Bytes.drain(body);
        } finally {
            body.cleanup();
        }
    }

    private static final String WIRE = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nExpires: never\r\n\r\n"
            + "PUT /put HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\npayload"
            + "\r\nGET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    @Test
    void readsPipelinedRequestsWithTheirBodies() throws HttpException {
        List<Request> requests = readAll(WIRE, WIRE.length());

        assertThat(requests).extracting(r -> r.head().path()).containsExactly("/upload", "/put", "/last");
        assertThat(requests).extracting(Request::body).containsExactly("Wikipedia", "payload", "");
        assertThat(requests.get(2).head().keepAlive()).isFalse();
    }

    @Test
    void readsTheSameWhateverSizeThePiecesArrivedIn() throws HttpException {
        for (int size = 1; size <= 40; size++) {
            List<Request> requests = readAll(WIRE, size);

            assertThat(requests).as("pieces of %d", size).extracting(Request::body)
                    .containsExactly("Wikipedia", "payload", "");
        }
    }
}
