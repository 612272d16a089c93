package org.sluice.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server on a UDP port of 127.0.0.1, answering PTR, A and AAAA
 * questions from records the test gives, for the look-ups of client host names:
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *     dns.ptr("127.0.0.1", "client.example.test").address("client.example.test", "127.0.0.1");
 *     dns.useForLookups(2000);   // servers started from now on ask it, and no hosts file
 *     ...
 * }
 * }</pre>
 *
 * It can also stay silent (a look-up then times out) or hold its answers until released, to
 * see what a server does while a look-up waits.
 */
public final class TestDnsServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, List<DnsRecord>> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    private volatile boolean holding;
    private Channel channel;

    private TestDnsServer() {
    }

    /** A server on a free port of 127.0.0.1. */
    public static TestDnsServer start() throws InterruptedException {
        TestDnsServer server = new TestDnsServer();
        server.channel = new Bootstrap().group(server.group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                server.new Responder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return server;
    }

    /** The address answering. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Makes servers started from now on ask this one, without a hosts file, and wait at most
     * {@code timeoutMillis} for an answer; {@link #close()} undoes it.
     */
    public TestDnsServer useForLookups(long timeoutMillis) {
        System.setProperty("sluice.dns.servers", "127.0.0.1:" + address().getPort());
        System.setProperty("sluice.dns.hostsFile", "");
        System.setProperty("sluice.dns.timeout", Long.toString(timeoutMillis));
        return this;
    }

    /** A PTR record: {@code address} (an IP literal) has the name {@code name}. */
    public TestDnsServer ptr(String address, String name) {
        String question = reverseName(address);
        records.computeIfAbsent(question, q -> new CopyOnWriteArrayList<>())
                .add(new DefaultDnsPtrRecord(question, DnsRecord.CLASS_IN, 60, name + "."));
        return this;
    }

    /** An A or AAAA record (by the literal's family): {@code name} has the address {@code address}. */
    public TestDnsServer address(String name, String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        String question = name.toLowerCase(Locale.ROOT) + ".";
        DnsRecordType type = bytes.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
        records.computeIfAbsent(question, q -> new CopyOnWriteArrayList<>())
                .add(new DefaultDnsRawRecord(question, type, 60, Unpooled.unreleasableBuffer(
                        Unpooled.wrappedBuffer(bytes))));
        return this;
    }

    /** Whether to leave every question unanswered, as a dead server. */
    public TestDnsServer silent(boolean quiet) {
        silent = quiet;
        return this;
    }

    /** Keeps answers back until {@link #release()}. */
    public TestDnsServer hold() {
        holding = true;
        return this;
    }

    /** Sends the answers held back, and those to come at once. */
    public void release() {
        holding = false;
        for (Runnable answer : held) {
            held.remove(answer);
            answer.run();
        }
    }

    /** How many questions of {@code type} about {@code name} came (a PTR's name is its IP literal). */
    public int questions(String type, String name) {
        String key = type + " " + (type.equals("PTR") ? reverseName(name) : name.toLowerCase(Locale.ROOT) + ".");
        AtomicInteger count = asked.get(key);
        return count == null ? 0 : count.get();
    }

    /** Questions that came, of every kind. */
    public int questions() {
        return asked.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Questions waiting in {@link #hold()}. */
    public int held() {
        return held.size();
    }

    @Override
    public void close() {
        System.clearProperty("sluice.dns.servers");
        System.clearProperty("sluice.dns.hostsFile");
        System.clearProperty("sluice.dns.timeout");
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static String reverseName(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        StringBuilder name = new StringBuilder();
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa.").toString();
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            name.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
        }
        return name.append("ip6.arpa.").toString();
    }

    /** Answers each question from the records, authoritatively: a name without any does not exist. */
    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = question.name().toLowerCase(Locale.ROOT);
            asked.computeIfAbsent(question.type().name() + " " + name, k -> new AtomicInteger()).incrementAndGet();
            if (silent) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setAuthoritativeAnswer(true).setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, question);
            List<DnsRecord> known = records.get(name);
            if (known == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                for (DnsRecord record : new ArrayList<>(known)) {
                    if (record.type() == question.type()) {
                        response.addRecord(DnsSection.ANSWER, record instanceof DefaultDnsRawRecord raw
                                ? raw.retainedDuplicate() : record);
                    }
                }
            }
            Runnable answer = () -> ctx.channel().eventLoop().execute(() -> ctx.writeAndFlush(response));
            if (holding) {
                held.add(answer);
            } else {
                answer.run();
            }
        }
    }
}
