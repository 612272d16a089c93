package org.sluice.internal.log;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Turns the strftime patterns of {@code %{...}t} into a {@link DateTimeFormatter}. */
final class Strftime {

    private Strftime() {
    }

    static DateTimeFormatter toFormatter(String strftime) {
        StringBuilder pattern = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < strftime.length(); i++) {
            char c = strftime.charAt(i);
            if (c != '%' || i + 1 == strftime.length()) {
                literal.append(c);
                continue;
            }
            String piece = switch (strftime.charAt(++i)) {
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'e' -> "ppd";
                case 'H' -> "HH";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'z' -> "xx";
                case 'Z' -> "zzz";
                case 'b', 'h' -> "MMM";
                case 'B' -> "MMMM";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'j' -> "DDD";
                case 'T' -> "HH:mm:ss";
                case 'F' -> "yyyy-MM-dd";
                case 'D' -> "MM/dd/yy";
                case '%' -> null;
                default -> null;
            };
            if (piece == null) {
                literal.append(strftime.charAt(i) == '%' ? "%" : "%" + strftime.charAt(i));
            } else {
                flush(pattern, literal);
                pattern.append(piece);
            }
        }
        flush(pattern, literal);
        return DateTimeFormatter.ofPattern(pattern.toString(), Locale.ROOT).withZone(ZoneId.systemDefault());
    }

    private static void flush(StringBuilder pattern, StringBuilder literal) {
        if (!literal.isEmpty()) {
            pattern.append('\'').append(literal.toString().replace("'", "''")).append('\'');
            literal.setLength(0);
        }
    }
}
