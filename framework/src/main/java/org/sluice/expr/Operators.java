package org.sluice.expr;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import org.sluice.access.IpSubnet;
import org.sluice.config.Wildcards;

/** The {@code -x} tests: unary {@code -n -z -T -R} and the file tests, binary {@code -ipmatch}, {@code -fnmatch}... */
final class Operators {

    /** One test; {@code right} is null for a unary one. */
    @FunctionalInterface
    interface Operator {
        boolean test(Evaluation<Object> evaluation, Vocabulary<Object> vocabulary, String left, String right);
    }

    private Operators() {
    }

    /**
     * The unary operator {@code -name} (case-sensitive, as httpd's), made with its argument
     * when that is a constant ({@code -R 10.0.0.0/8}).
     *
     * @throws ExpressionException when there is none, or its constant argument is wrong
     */
    static Operator unary(String name, Node.Word argument) throws ExpressionException {
        return switch (name) {
            case "n" -> (e, v, value, unused) -> !value.isEmpty();
            case "z" -> (e, v, value, unused) -> value.isEmpty();
            case "T" -> (e, v, value, unused) -> isTrue(value);
            case "R" -> {
                IpSubnet subnet = subnet("R", argument);
                yield (e, v, value, unused) -> {
                    InetAddress client = v.client(e.context());
                    return client != null && subnet.matches(client);
                };
            }
            case "d", "e", "f", "s", "L", "h", "x" -> fileTest(name.charAt(0));
            case "F", "U", "A" -> throw new ExpressionException("Unary operator '-" + name
                    + "' is not supported by Sluice (it needs a subrequest)");
            default -> throw new ExpressionException("Unary operator '-" + name + "' does not exist");
        };
    }

    /** The binary operator {@code -name} (case-insensitive). */
    static Operator binary(String name, Node.Word right) throws ExpressionException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ipmatch" -> {
                IpSubnet subnet = subnet(name, right);
                yield (e, v, left, unused) -> {
                    InetAddress address = address(left);
                    return address != null && subnet.matches(address);
                };
            }
            case "fnmatch" -> (e, v, left, pattern) -> pathMatches(pattern, left);
            case "strmatch" -> (e, v, left, pattern) -> Wildcards.matches(pattern, left, false, true);
            case "strcmatch" -> (e, v, left, pattern) -> Wildcards.matches(pattern.toLowerCase(Locale.ROOT),
                    left.toLowerCase(Locale.ROOT), false, true);
            default -> throw new ExpressionException("Binary operator '-" + name + "' does not exist");
        };
    }

    /** httpd's {@code -T}: false for "", "0", "off", "no" and "false" (any case), true otherwise. */
    static boolean isTrue(String value) {
        return !(value.isEmpty() || value.equals("0") || value.equalsIgnoreCase("off")
                || value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false"));
    }

    private static IpSubnet subnet(String name, Node.Word argument) throws ExpressionException {
        if (!(argument instanceof Node.Literal literal)) {
            throw new ExpressionException("-" + name + " requires subnet/netmask as constant argument");
        }
        try {
            return IpSubnet.parse(literal.text());
        } catch (IllegalArgumentException e) {
            throw new ExpressionException("parsing of subnet/netmask failed");
        }
    }

    /** An address written in {@code text}, never a name to look up; null when it is none. */
    private static InetAddress address(String text) {
        if (!IpSubnet.looksLikeIp(text)) {
            return null;
        }
        byte[] bytes = io.netty.util.NetUtil.createByteArrayFromIpAddressString(text);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** apr_fnmatch with FNM_PATHNAME: a wildcard never matches a slash. */
    private static boolean pathMatches(String pattern, String text) {
        String[] patterns = pattern.split("/", -1);
        String[] names = text.split("/", -1);
        if (patterns.length != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!Wildcards.matches(patterns[i], names[i], false, true)) {
                return false;
            }
        }
        return true;
    }

    /** {@code -d -e -f -s} (links followed), {@code -L -h} (a symbolic link), {@code -x} (executable). */
    private static Operator fileTest(char test) {
        return (e, v, name, unused) -> {
            if (name.isEmpty()) {
                return false;
            }
            try {
                Path path = Path.of(name);
                return switch (test) {
                    case 'L', 'h' -> Files.isSymbolicLink(path);
                    case 'x' -> Files.isExecutable(path);
                    default -> {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                        yield switch (test) {
                            case 'd' -> attributes.isDirectory();
                            case 'f' -> attributes.isRegularFile();
                            case 's' -> attributes.isRegularFile() && attributes.size() > 0;
                            default -> true;
                        };
                    }
                };
            } catch (IOException | InvalidPathException | SecurityException ex) {
                return false;
            }
        };
    }
}
