package org.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;
import org.sluice.hook.Result;

/** A plain HTML listing of a directory, for {@code Options Indexes} (a small mod_autoindex). */
final class DirectoryListing {

    /** Entries listed at most; a bigger directory is cut short rather than buffered whole. */
    static final int MAX_ENTRIES = 10_000;

    private DirectoryListing() {
    }

    static Result send(Request r, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                names.add(Files.isDirectory(entry) ? name + "/" : name);
                if (names.size() >= MAX_ENTRIES) {
                    break;
                }
            }
        }
        names.sort(String::compareTo);
        String title = "Index of " + RequestProcessor.escape(r.path());
        StringBuilder html = new StringBuilder(256 + names.size() * 64);
        html.append("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>")
                .append(title).append("</title>\n </head>\n <body>\n<h1>").append(title).append("</h1>\n<ul>");
        if (!r.path().equals("/")) {
            html.append("<li><a href=\"../\"> Parent Directory</a></li>\n");
        }
        for (String name : names) {
            String escaped = RequestProcessor.escape(name);
            html.append("<li><a href=\"").append(escapeHref(name)).append("\"> ").append(escaped).append("</a></li>\n");
        }
        html.append("</ul>\n").append(ServerSignature.of(r, "")).append("</body></html>\n");
        r.contentType("text/html;charset=UTF-8");
        Brigade body = new Brigade();
        if (!r.headerOnly()) {
            body.addLast(DataBucket.of(html, StandardCharsets.UTF_8));
        }
        body.addEos();
        r.pass(body);
        return Result.OK;
    }

    private static String escapeHref(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
