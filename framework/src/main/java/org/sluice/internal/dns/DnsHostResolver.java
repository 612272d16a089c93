package org.sluice.internal.dns;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.HostResolver;

/**
 * The server's {@link HostResolver}: the hosts file, then DNS through Netty's
 * {@link DnsNameResolver}, on an event loop of its own that starts at the first look-up (a
 * server whose configuration needs no host name never starts it).
 *
 * <pre>
 *  handler (virtual thread) ──reverse(address)──▶ hosts file ──▶ cache ──▶ PTR query
 *        │ parks; its carrier, an event loop too,            (one per question in flight)
 *        │ serves other connections meanwhile                      │
 *        ◀──────────── unparked with the answer, or at the timeout ─┘
 * </pre>
 *
 * <p>Answers are cached for their records' time to live (at most {@link Settings#maxTtlSeconds}),
 * names that do not exist for {@link Settings#negativeTtlSeconds}; unanswered questions are not
 * cached. The cache holds at most {@link Settings#cacheSize} answers each way. Every look-up
 * ends within the timeout, whatever DNS does; one without an answer has none.
 */
public final class DnsHostResolver implements HostResolver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsHostResolver.class);

    private final Settings settings;
    private final LookupCache<InetAddress, Optional<String>> names;
    private final LookupCache<String, List<InetAddress>> addresses;
    private HostsFile hostsFile;
    private EventLoopGroup group;
    private EventLoop loop;
    private DnsNameResolver dns;
    private boolean closed;

    public DnsHostResolver(Settings settings) {
        this.settings = settings;
        this.names = new LookupCache<>(settings.cacheSize());
        this.addresses = new LookupCache<>(settings.cacheSize());
    }

    @Override
    public Optional<String> reverse(InetAddress address) {
        Started started = start();
        if (started == null) {
            return Optional.empty();
        }
        String known = started.hostsFile().nameOf(address);
        if (known != null) {
            return Optional.of(known);
        }
        return await(names.get(address, a -> askPtr(started.dns(), a)), started, "PTR of " + address.getHostAddress())
                .flatMap(answer -> answer);
    }

    @Override
    public List<InetAddress> forward(String name) {
        Started started = start();
        if (started == null) {
            return List.of();
        }
        String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<InetAddress> known = started.hostsFile().addressesOf(host);
        if (known != null) {
            return known;
        }
        String key = host.toLowerCase(Locale.ROOT);
        return await(addresses.get(key, n -> askAddresses(started.dns(), n)), started, "A/AAAA of " + host)
                .orElse(List.of());
    }

    /** Parks until the answer comes, at most the timeout; empty without one. */
    private <V> Optional<V> await(CompletableFuture<LookupCache.Answer<V>> answer, Started started, String question) {
        if (started.loop().inEventLoop()) {
            // the answer would come on this very thread
            return answer.isDone() ? Optional.ofNullable(answer.getNow(null)).map(LookupCache.Answer::value)
                    : Optional.empty();
        }
        try {
            return Optional.of(answer.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS).value());
        } catch (TimeoutException e) {
            LOG.debug("DNS: no answer for {} within {} ms", question, settings.timeoutMillis());
        } catch (ExecutionException e) {
            LOG.debug("DNS: {} failed: {}", question, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private CompletableFuture<LookupCache.Answer<Optional<String>>> askPtr(DnsNameResolver dns, InetAddress address) {
        CompletableFuture<LookupCache.Answer<Optional<String>>> answer = new CompletableFuture<>();
        Future<List<DnsRecord>> asked = dns.resolveAll(new DefaultDnsQuestion(reverseName(address), DnsRecordType.PTR));
        asked.addListener(done -> {
            if (!done.isSuccess()) {
                answer.complete(failed(done.cause(), Optional.empty()));
                return;
            }
            @SuppressWarnings("unchecked")
            List<DnsRecord> records = (List<DnsRecord>) done.getNow();
            try {
                for (DnsRecord record : records) {
                    if (record instanceof DnsPtrRecord ptr) {
                        answer.complete(new LookupCache.Answer<>(Optional.of(withoutDot(ptr.hostname())),
                                ttlNanos(record.timeToLive())));
                        return;
                    }
                }
                answer.complete(negative(Optional.empty()));
            } finally {
                records.forEach(ReferenceCountUtil::safeRelease);
            }
        });
        return answer;
    }

    private CompletableFuture<LookupCache.Answer<List<InetAddress>>> askAddresses(DnsNameResolver dns, String name) {
        CompletableFuture<LookupCache.Answer<List<InetAddress>>> v4 = ask(dns, name, DnsRecordType.A);
        CompletableFuture<LookupCache.Answer<List<InetAddress>>> v6 = ask(dns, name, DnsRecordType.AAAA);
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<InetAddress> both = new ArrayList<>(a.value());
            both.addAll(aaaa.value());
            return new LookupCache.Answer<>(List.copyOf(both), Math.min(a.ttlNanos(), aaaa.ttlNanos()));
        });
    }

    private CompletableFuture<LookupCache.Answer<List<InetAddress>>> ask(DnsNameResolver dns, String name,
                                                                       DnsRecordType type) {
        CompletableFuture<LookupCache.Answer<List<InetAddress>>> answer = new CompletableFuture<>();
        dns.resolveAll(new DefaultDnsQuestion(name + ".", type)).addListener(done -> {
            if (!done.isSuccess()) {
                answer.complete(failed(done.cause(), List.of()));
                return;
            }
            @SuppressWarnings("unchecked")
            List<DnsRecord> records = (List<DnsRecord>) done.getNow();
            try {
                List<InetAddress> found = new ArrayList<>();
                long ttl = Long.MAX_VALUE;
                for (DnsRecord record : records) {
                    InetAddress address = addressOf(record, type);
                    if (address != null) {
                        found.add(address);
                        ttl = Math.min(ttl, record.timeToLive());
                    }
                }
                answer.complete(found.isEmpty() ? negative(List.<InetAddress>of())
                        : new LookupCache.Answer<>(List.copyOf(found), ttlNanos(ttl)));
            } finally {
                records.forEach(ReferenceCountUtil::safeRelease);
            }
        });
        return answer;
    }

    private static InetAddress addressOf(DnsRecord record, DnsRecordType type) {
        if (record.type() != type || !(record instanceof DnsRawRecord raw)) {
            return null;
        }
        int length = raw.content().readableBytes();
        if (length != (type == DnsRecordType.A ? 4 : 16)) {
            return null;
        }
        byte[] bytes = new byte[length];
        raw.content().getBytes(raw.content().readerIndex(), bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A failed question: a name that does not exist is kept a while; no answer at all is not kept. */
    private <V> LookupCache.Answer<V> failed(Throwable cause, V none) {
        if (DnsNameResolver.isTransportOrTimeoutError(cause)) {
            LOG.debug("DNS: {}", cause.toString());
            return new LookupCache.Answer<>(none, 0);
        }
        return negative(none);
    }

    private <V> LookupCache.Answer<V> negative(V none) {
        return new LookupCache.Answer<>(none, TimeUnit.SECONDS.toNanos(settings.negativeTtlSeconds()));
    }

    private long ttlNanos(long recordTtlSeconds) {
        return TimeUnit.SECONDS.toNanos(Math.max(0, Math.min(recordTtlSeconds, settings.maxTtlSeconds())));
    }

    /** {@code 4.3.2.1.in-addr.arpa.} or the 32 nibbles of an IPv6 address under {@code ip6.arpa.}. */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder(bytes.length == 4 ? 29 : 73);
        if (address instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
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

    private static String withoutDot(String name) {
        return (name.endsWith(".") ? name.substring(0, name.length() - 1) : name).toLowerCase(Locale.ROOT);
    }

    /** What a look-up needs once DNS has started. */
    private record Started(HostsFile hostsFile, DnsNameResolver dns, EventLoop loop) {
    }

    /** Starts DNS at the first look-up; null once closed. */
    private synchronized Started start() {
        if (closed) {
            return null;
        }
        if (dns == null) {
            hostsFile = settings.hostsFile() == null ? HostsFile.EMPTY : HostsFile.read(settings.hostsFile());
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sluice-dns", true),
                    NioIoHandler.newFactory());
            loop = group.next();
            dns = new DnsNameResolverBuilder(loop)
                    .datagramChannelType(NioDatagramChannel.class)
                    // answers too long for a datagram come again over TCP
                    .socketChannelType(NioSocketChannel.class)
                    .nameServerProvider(settings.servers().isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                            : new SequentialDnsServerAddressStreamProvider(settings.servers()))
                    .queryTimeoutMillis(settings.timeoutMillis())
                    // this class caches what it asks, bounded; the hosts file is read above
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .cnameCache(NoopDnsCnameCache.INSTANCE)
                    .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                    .hostsFileEntriesResolver((name, types) -> null)
                    .build();
            LOG.debug("DNS resolver started: servers {}, timeout {} ms", settings.servers().isEmpty()
                    ? "of the system" : settings.servers(), settings.timeoutMillis());
        }
        return new Started(hostsFile, dns, loop);
    }

    /** Stops DNS; look-ups from then on have no answer. */
    @Override
    public synchronized void close() {
        closed = true;
        if (dns != null) {
            dns.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            dns = null;
        }
    }

    /** Whether DNS has started (a look-up was made). */
    synchronized boolean started() {
        return dns != null;
    }

    /**
     * How the resolver asks: set by system properties, read when the server starts.
     *
     * <ul>
     *   <li>{@code sluice.dns.servers}: name servers, {@code address[:port]} separated by commas
     *       ({@code [v6]:port} for IPv6), asked in order; default those of {@code /etc/resolv.conf}.
     *   <li>{@code sluice.dns.timeout}: milliseconds a look-up may take; default 5000.
     *   <li>{@code sluice.dns.hostsFile}: the hosts file asked first; default {@code /etc/hosts};
     *       empty for none.
     * </ul>
     *
     * @param servers empty for the system's
     * @param hostsFile null for none
     */
    public record Settings(List<java.net.InetSocketAddress> servers, long timeoutMillis, java.nio.file.Path hostsFile,
                           int cacheSize, long maxTtlSeconds, long negativeTtlSeconds) {

        public static final String SERVERS = "sluice.dns.servers";
        public static final String TIMEOUT = "sluice.dns.timeout";
        public static final String HOSTS_FILE = "sluice.dns.hostsFile";

        static final long DEFAULT_TIMEOUT_MILLIS = 5000;
        static final int CACHE_SIZE = 10_000;
        static final long MAX_TTL_SECONDS = 3600;
        static final long NEGATIVE_TTL_SECONDS = 60;

        public Settings {
            servers = List.copyOf(servers);
            if (timeoutMillis <= 0) {
                throw new IllegalArgumentException("the DNS timeout must be positive, not " + timeoutMillis);
            }
        }

        /**
         * The settings the system properties give.
         *
         * @throws IllegalArgumentException for a property that makes no sense, saying which
         */
        public static Settings fromSystemProperties() {
            List<java.net.InetSocketAddress> servers = new ArrayList<>();
            String list = System.getProperty(SERVERS, "").strip();
            for (String server : list.isEmpty() ? new String[0] : list.split("[,\\s]+")) {
                servers.add(server(server));
            }
            long timeout;
            try {
                timeout = Long.parseLong(System.getProperty(TIMEOUT, Long.toString(DEFAULT_TIMEOUT_MILLIS)).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TIMEOUT + " must be a number of milliseconds, not '"
                        + System.getProperty(TIMEOUT) + "'");
            }
            String hosts = System.getProperty(HOSTS_FILE, defaultHostsFile());
            return new Settings(servers, timeout, hosts.isBlank() ? null : java.nio.file.Path.of(hosts), CACHE_SIZE,
                    MAX_TTL_SECONDS, NEGATIVE_TTL_SECONDS);
        }

        private static java.net.InetSocketAddress server(String text) {
            String host = text;
            int port = 53;
            int colon = text.lastIndexOf(':');
            if (text.startsWith("[") && text.contains("]")) {
                host = text.substring(1, text.indexOf(']'));
                colon = text.indexOf("]:") >= 0 ? text.indexOf("]:") + 1 : -1;
            } else if (colon >= 0 && text.indexOf(':') != colon) {
                colon = -1; // a bare IPv6 address
            } else if (colon >= 0) {
                host = text.substring(0, colon);
            }
            try {
                if (colon >= 0) {
                    port = Integer.parseInt(text.substring(colon + 1));
                }
                byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
                if (address == null || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new java.net.InetSocketAddress(InetAddress.getByAddress(address), port);
            } catch (NumberFormatException | UnknownHostException e) {
                throw new IllegalArgumentException(SERVERS + ": '" + text
                        + "' is not a numeric IP address with an optional port");
            }
        }

        private static String defaultHostsFile() {
            String windows = System.getenv("SystemRoot");
            return System.getProperty("os.name", "").startsWith("Windows") && windows != null
                    ? windows + "\\system32\\drivers\\etc\\hosts" : "/etc/hosts";
        }
    }
}
