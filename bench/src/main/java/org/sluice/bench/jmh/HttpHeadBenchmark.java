package org.sluice.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sluice.http.HttpDate;
import org.sluice.http.HttpException;
import org.sluice.http.HttpHeaders;
import org.sluice.http.HttpLimits;
import org.sluice.http.RequestHead;
import org.sluice.http.RequestHeadParser;
import org.sluice.http.ResponseHead;
import org.sluice.http.ResponseHeadWriter;

/**
 * The HTTP module's per-request hot paths in isolation: parsing a request head the way
 * {@code HTTP_IN} does when the head arrived whole (lines as slices of one heap buffer), and
 * writing a static file's response head. Run with {@code bench/jmh.sh HttpHeadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpHeadBenchmark {

    /** What wrk sends, and what a browser sends. */
    @Param({"wrk", "browser"})
    public String client;

    private byte[] head;
    private final ResponseHeadWriter writer = new ResponseHeadWriter(HttpDate.system());
    private final ByteBufAllocator allocator = UnpooledByteBufAllocator.DEFAULT;
    private ResponseHead response;

    @Setup
    public void setUp() {
        String text = client.equals("wrk")
                ? "GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n"
                : """
                GET /docs/guide/index.html?lang=en HTTP/1.1\r
                Host: www.example.org\r
                User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r
                Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
                Accept-Language: en-GB,en;q=0.5\r
                Accept-Encoding: gzip, deflate, br, zstd\r
                Referer: https://www.example.org/docs/\r
                Connection: keep-alive\r
                Upgrade-Insecure-Requests: 1\r
                If-None-Match: "5e-62c8a1f0b3d40"\r
                Priority: u=0, i\r
                \r
                """;
        head = text.getBytes(StandardCharsets.ISO_8859_1);
        response = ResponseHead.of(200, HttpHeaders.builder()
                .add("Last-Modified", "Fri, 27 Nov 2026 10:00:00 GMT")
                .add("ETag", "\"d-62c8a1f0b3d40\"")
                .add("Accept-Ranges", "bytes")
                .add("Content-Length", "13")
                .add("Content-Type", "text/plain")
                .add("Keep-Alive", "timeout=5, max=100")
                .build());
    }

    @Benchmark
    public RequestHead parseRequestHead() throws HttpException {
        ByteBuf buffer = Unpooled.wrappedBuffer(head);
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        RequestHead parsed = null;
        int position = 0;
        int end = buffer.writerIndex();
        while (parsed == null) {
            int lf = buffer.indexOf(position, end, (byte) '\n');
            parsed = parser.offer(buffer.slice(position, lf + 1 - position));
            position = lf + 1;
        }
        return parsed;
    }

    @Benchmark
    public int writeResponseHead() {
        ByteBuf bytes = writer.write(response, allocator);
        int length = bytes.readableBytes();
        bytes.release();
        return length;
    }
}
