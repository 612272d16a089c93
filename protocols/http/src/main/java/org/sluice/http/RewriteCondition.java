package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RewriteCond teststring condpattern [flags]}: the test string is expanded
 * ({@code %{VAR}}, {@code $N}, {@code %N}) and compared with the pattern. As in httpd, a
 * regular expression that matches (and is not negated) gives the {@code %N} back-references of
 * what follows; {@code OR} joins the condition to the next one instead of ANDing it.
 *
 * @param testString the test string as written
 * @param kind how the pattern compares
 * @param pattern the pattern without its {@code !} and operator; null for the file tests
 * @param regex the compiled pattern for {@link Kind#REGEX}, else null
 * @param negated a leading {@code !}
 * @param noCase {@code NC}: regular expressions and the lexicographic comparisons ignore case
 * @param orNext {@code OR}
 * @param noVary {@code NV}: the headers it reads are not added to {@code Vary}
 */
record RewriteCondition(String testString, Kind kind, String pattern, Pattern regex, boolean negated, boolean noCase,
                        boolean orNext, boolean noVary) {

    /** The kinds of condpattern httpd knows, but {@code -U}, {@code -F} and {@code expr} (refused). */
    enum Kind {
        REGEX, FILE, DIRECTORY, NON_EMPTY_FILE, SYMLINK, EXECUTABLE,
        STRING_EQUAL, STRING_LESS, STRING_LESS_OR_EQUAL, STRING_GREATER, STRING_GREATER_OR_EQUAL,
        INT_EQUAL, INT_LESS, INT_LESS_OR_EQUAL, INT_GREATER, INT_GREATER_OR_EQUAL
    }

    /** Whether the condition holds for {@code context}; a regular expression that matches sets its {@code %N}. */
    boolean test(RewriteContext context) {
        String input = context.expand(testString, null);
        boolean result = switch (kind) {
            case REGEX -> {
                Matcher m = regex.matcher(new Aliases.BudgetedText(input));
                boolean found = m.find();
                if (found && !negated) {
                    context.conditionMatched(input, m);
                }
                yield found;
            }
            case FILE -> isa(input, false) instanceof BasicFileAttributes a && a.isRegularFile();
            case DIRECTORY -> isa(input, false) instanceof BasicFileAttributes a && a.isDirectory();
            case NON_EMPTY_FILE -> isa(input, false) instanceof BasicFileAttributes a && a.isRegularFile()
                    && a.size() > 0;
            case SYMLINK -> isa(input, true) instanceof BasicFileAttributes a && a.isSymbolicLink();
            case EXECUTABLE -> !input.isEmpty() && isa(input, false) != null && Files.isExecutable(Path.of(input));
            case STRING_EQUAL -> noCase ? input.equalsIgnoreCase(pattern) : input.equals(pattern);
            case STRING_LESS -> compare(input) < 0;
            case STRING_LESS_OR_EQUAL -> compare(input) <= 0;
            case STRING_GREATER -> compare(input) > 0;
            case STRING_GREATER_OR_EQUAL -> compare(input) >= 0;
            case INT_EQUAL -> LeadingNumber.of(input) == LeadingNumber.of(pattern);
            case INT_LESS -> LeadingNumber.of(input) < LeadingNumber.of(pattern);
            case INT_LESS_OR_EQUAL -> LeadingNumber.of(input) <= LeadingNumber.of(pattern);
            case INT_GREATER -> LeadingNumber.of(input) > LeadingNumber.of(pattern);
            case INT_GREATER_OR_EQUAL -> LeadingNumber.of(input) >= LeadingNumber.of(pattern);
        };
        boolean holds = result != negated;
        context.trace("RewriteCond: input='{}' pattern='{}{}'{} => {}", input, negated ? "!" : "",
                describePattern(), noCase ? " [NC]" : "", holds ? "matched" : "not-matched");
        return holds;
    }

    private String describePattern() {
        return switch (kind) {
            case REGEX -> pattern;
            case FILE -> "-f";
            case DIRECTORY -> "-d";
            case NON_EMPTY_FILE -> "-s";
            case SYMLINK -> "-l";
            case EXECUTABLE -> "-x";
            case STRING_EQUAL -> "=" + pattern;
            case STRING_LESS -> "<" + pattern;
            case STRING_LESS_OR_EQUAL -> "<=" + pattern;
            case STRING_GREATER -> ">" + pattern;
            case STRING_GREATER_OR_EQUAL -> ">=" + pattern;
            case INT_EQUAL -> "-eq" + pattern;
            case INT_LESS -> "-lt" + pattern;
            case INT_LESS_OR_EQUAL -> "-le" + pattern;
            case INT_GREATER -> "-gt" + pattern;
            case INT_GREATER_OR_EQUAL -> "-ge" + pattern;
        };
    }

    /**
     * httpd's lexicographic order: a longer string is greater, strings of one length compare
     * byte by byte ({@code NC}: without case).
     */
    private int compare(String input) {
        if (noCase) {
            return Integer.signum(input.compareToIgnoreCase(pattern));
        }
        if (input.length() != pattern.length()) {
            return input.length() > pattern.length() ? 1 : -1;
        }
        return Integer.signum(input.compareTo(pattern));
    }

    /** The attributes of the file the string names, links followed unless {@code link}; null if none. */
    private static BasicFileAttributes isa(String name, boolean link) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            return null;
        }
        try {
            Path path = Path.of(name);
            return link ? Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : FileMapping.stat(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
