package org.sluice.access;

import java.util.ArrayList;
import java.util.List;

/** Splits a raw argument string into words as Apache's {@code ap_getword_conf} does. */
final class Words {

    private Words() {
    }

    /** Words separated by white space; a word may be quoted with {@code "} or {@code '}. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return words;
            }
            char quote = text.charAt(i);
            if (quote == '"' || quote == '\'') {
                StringBuilder word = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != quote) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n && text.charAt(i + 1) == quote) {
                        c = quote;
                        i++;
                    }
                    word.append(c);
                    i++;
                }
                i++;
                words.add(word.toString());
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                words.add(text.substring(start, i));
            }
        }
    }
}
