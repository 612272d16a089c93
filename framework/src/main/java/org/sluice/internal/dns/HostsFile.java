package org.sluice.internal.dns;

import io.netty.util.NetUtil;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts file, asked before DNS in both directions as the C library asks it ({@code hosts:
 * files dns}): an address's name is the first name of the first line that has the address,
 * so {@code 127.0.0.1} is {@code localhost} as httpd finds it; a name's addresses are those of
 * every line that names it. Read once; a file over {@link #MAX_BYTES} is read up to there.
 */
final class HostsFile {

    private static final Logger LOG = LoggerFactory.getLogger(HostsFile.class);

    /** Far more than any real hosts file: a mistaken path cannot fill the memory. */
    static final int MAX_BYTES = 4 << 20;

    static final HostsFile EMPTY = new HostsFile(Map.of(), Map.of());

    private final Map<InetAddress, String> names;
    private final Map<String, List<InetAddress>> addresses;

    private HostsFile(Map<InetAddress, String> names, Map<String, List<InetAddress>> addresses) {
        this.names = names;
        this.addresses = addresses;
    }

    /** The file at {@code path}; empty if it cannot be read. */
    static HostsFile read(Path path) {
        Map<InetAddress, String> names = new HashMap<>();
        Map<String, List<InetAddress>> addresses = new HashMap<>();
        long read = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = in.readLine()) != null && read < MAX_BYTES; ) {
                read += line.length() + 1;
                add(line, names, addresses);
            }
        } catch (IOException e) {
            LOG.debug("hosts file {} not read: {}", path, e.toString());
            return EMPTY;
        }
        addresses.replaceAll((name, list) -> List.copyOf(list));
        return new HostsFile(Map.copyOf(names), Map.copyOf(addresses));
    }

    private static void add(String line, Map<InetAddress, String> names, Map<String, List<InetAddress>> addresses) {
        int hash = line.indexOf('#');
        String[] words = (hash >= 0 ? line.substring(0, hash) : line).strip().split("[ \t]+");
        if (words.length < 2) {
            return;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(words[0]);
        if (bytes == null) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return;
        }
        names.putIfAbsent(address, words[1].toLowerCase(Locale.ROOT));
        for (int i = 1; i < words.length; i++) {
            addresses.computeIfAbsent(words[i].toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(address);
        }
    }

    /** The name of {@code address}, or null. */
    String nameOf(InetAddress address) {
        return names.get(address);
    }

    /** The addresses of {@code name} (case-insensitive, without a final dot), or null. */
    List<InetAddress> addressesOf(String name) {
        return addresses.get(name.toLowerCase(Locale.ROOT));
    }
}
