package org.sluice.access;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address or network as {@code Require ip} and {@code Allow from} write it (APR's
 * {@code apr_ipsubnet_create}): a full IPv4 or IPv6 address, {@code addr/bits},
 * {@code a.b.c.d/netmask}, or a partial IPv4 address such as {@code 10.} or {@code 192.168}
 * meaning the whole network of the octets given.
 */
public record IpSubnet(byte[] network, byte[] mask) {

    /** Whether {@code text} looks like an address at all, as APR decides (else: a host name). */
    public static boolean looksLikeIp(String text) {
        if (text.isEmpty()) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code 10.1.0.0/16}, {@code 10.1.0.0/255.255.0.0}, {@code 10.1}, {@code ::1},
     * {@code 2001:db8::/32}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static IpSubnet parse(String spec) {
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        String maskText = slash < 0 ? null : spec.substring(slash + 1);
        byte[] network;
        byte[] mask;
        if (address.indexOf(':') >= 0) {
            network = NetUtil.createByteArrayFromIpAddressString(address);
            if (network == null || network.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address");
            }
            mask = full(16);
        } else if (maskText == null) {
            byte[][] partial = parsePartialIpv4(address);
            network = partial[0];
            mask = partial[1];
        } else {
            network = NetUtil.createByteArrayFromIpAddressString(address);
            if (network == null || network.length != 4 || !looksLikeIp(address)) {
                throw new IllegalArgumentException("a network with a mask must be a full address");
            }
            mask = full(4);
        }
        if (maskText != null) {
            mask = parseMask(maskText, network.length);
        }
        byte[] masked = new byte[network.length];
        for (int i = 0; i < masked.length; i++) {
            masked[i] = (byte) (network[i] & mask[i]);
        }
        return new IpSubnet(masked, mask);
    }

    private static byte[][] parsePartialIpv4(String text) {
        byte[] network = new byte[4];
        byte[] mask = new byte[4];
        int octet = 0;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 3 || octet == 4) {
                throw new IllegalArgumentException("not an IPv4 address or network");
            }
            int value = Integer.parseInt(text, start, i, 10);
            if (value > 255) {
                throw new IllegalArgumentException("octet " + value + " is greater than 255");
            }
            network[octet] = (byte) value;
            mask[octet] = (byte) 0xff;
            octet++;
            if (i < text.length()) {
                if (text.charAt(i) != '.') {
                    throw new IllegalArgumentException("not an IPv4 address or network");
                }
                i++;
            }
        }
        if (octet == 0) {
            throw new IllegalArgumentException("not an IPv4 address or network");
        }
        return new byte[][] {network, mask};
    }

    private static byte[] parseMask(String text, int length) {
        int maxBits = length * 8;
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            int bits = text.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(text);
            if (bits < 1 || bits > maxBits) {
                throw new IllegalArgumentException("prefix length must be 1 to " + maxBits);
            }
            byte[] mask = new byte[length];
            for (int i = 0; i < bits; i++) {
                mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            return mask;
        }
        byte[] mask = length == 4 && looksLikeIp(text) ? NetUtil.createByteArrayFromIpAddressString(text) : null;
        if (mask == null || mask.length != 4) {
            throw new IllegalArgumentException("bad netmask '" + text + "'");
        }
        return mask;
    }

    private static byte[] full(int length) {
        byte[] mask = new byte[length];
        Arrays.fill(mask, (byte) 0xff);
        return mask;
    }

    /** Whether {@code address} is inside; an IPv4-mapped IPv6 client matches IPv4 networks. */
    public boolean matches(InetAddress address) {
        byte[] bytes = unmapped(address).getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & mask[i]) != network[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code ::ffff:a.b.c.d} as the IPv4 address it stands for; anything else unchanged. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return address;
                }
            }
            if (b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpSubnet other && Arrays.equals(network, other.network) && Arrays.equals(mask, other.mask);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "IpSubnet[" + Arrays.toString(network) + "/" + Arrays.toString(mask) + "]";
    }
}
