package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_autoindex's listings: each page expected here is the one httpd 2.4 writes for the same
 * directory and configuration.
 */
class AutoindexTest extends HttpServerTestBase {

    private static final Instant MTIME = Instant.parse("2024-03-05T14:07:09Z");
    /** The listing's dates are the server's local time, as httpd's. */
    private static final String DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .format(MTIME.atZone(ZoneId.systemDefault()));
    private static final String PREAMBLE = """
            <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
            <html>
             <head>
              <title>Index of /t</title>
             </head>
             <body>
            """;

    /** /t/: a dotfile, a name with a space, one with an ampersand, a 5000-byte file and a directory. */
    private void tree() throws Exception {
        htdocs("t/.hidden", "h\n");
        htdocs("t/a b.txt", "ab\n");
        htdocs("t/x&y.txt", "x\n");
        htdocs("t/big.bin", "\0".repeat(5000));
        Files.createDirectories(root.resolve("htdocs/t/sub"));
        touchAll(root.resolve("htdocs/t"));
    }

    private static void touchAll(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(MTIME));
            }
        }
    }

    private void startIndexed(String directives) throws Exception {
        start("<Directory htdocs>\nOptions Indexes\n" + directives + "</Directory>\n");
    }

    @Test
    void theDefaultListingIsHttpdsList() throws Exception {
        tree();
        startIndexed("");
        HttpResponse<String> response = get("/t/");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=ISO-8859-1");
        assertThat(response.body()).isEqualTo(PREAMBLE + """
                <h1>Index of /t</h1>
                <ul><li><a href="/"> Parent Directory</a></li>
                <li><a href=".hidden"> .hidden</a></li>
                <li><a href="a%20b.txt"> a b.txt</a></li>
                <li><a href="big.bin"> big.bin</a></li>
                <li><a href="sub/"> sub/</a></li>
                <li><a href="x&amp;y.txt"> x&amp;y.txt</a></li>
                </ul>
                </body></html>
                """);
    }

    @Test
    void fancyIndexingIsThePreformattedTableWithSortLinks() throws Exception {
        tree();
        startIndexed("IndexOptions FancyIndexing\n");
        assertThat(get("/t/").body()).isEqualTo(PREAMBLE + """
                <h1>Index of /t</h1>
                <pre>      <a href="?C=N;O=D">Name</a>                    <a href="?C=M;O=A">Last modified</a>      \
                <a href="?C=S;O=A">Size</a>  <a href="?C=D;O=A">Description</a><hr>      \
                <a href="/">Parent Directory</a>                             -  \s
                      <a href=".hidden">.hidden</a>                 DATE    2  \s
                      <a href="a%20b.txt">a b.txt</a>                 DATE    3  \s
                      <a href="big.bin">big.bin</a>                 DATE  4.9K \s
                      <a href="sub/">sub/</a>                    DATE    -  \s
                      <a href="x&amp;y.txt">x&amp;y.txt</a>                 DATE    2  \s
                <hr></pre>
                </body></html>
                """.replace("DATE", DATE));
    }

    @Test
    void htmlTableIsATableWithTheNamesPadded() throws Exception {
        tree();
        startIndexed("IndexOptions FancyIndexing HTMLTable\n");
        assertThat(get("/t/").body()).isEqualTo(PREAMBLE + """
                <h1>Index of /t</h1>
                  <table>
                   <tr><th valign="top">&nbsp;</th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last \
                modified</a></th><th><a href="?C=S;O=A">Size</a></th><th><a href="?C=D;O=A">Description</a></th></tr>
                   <tr><th colspan="5"><hr></th></tr>
                <tr><td valign="top">&nbsp;</td><td><a href="/">Parent Directory</a>       </td><td>&nbsp;</td>\
                <td align="right">  - </td><td>&nbsp;</td></tr>
                <tr><td valign="top">&nbsp;</td><td><a href=".hidden">.hidden</a>                </td>\
                <td align="right">DATE  </td><td align="right">  2 </td><td>&nbsp;</td></tr>
                <tr><td valign="top">&nbsp;</td><td><a href="a%20b.txt">a b.txt</a>                </td>\
                <td align="right">DATE  </td><td align="right">  3 </td><td>&nbsp;</td></tr>
                <tr><td valign="top">&nbsp;</td><td><a href="big.bin">big.bin</a>                </td>\
                <td align="right">DATE  </td><td align="right">4.9K</td><td>&nbsp;</td></tr>
                <tr><td valign="top">&nbsp;</td><td><a href="sub/">sub/</a>                   </td>\
                <td align="right">DATE  </td><td align="right">  - </td><td>&nbsp;</td></tr>
                <tr><td valign="top">&nbsp;</td><td><a href="x&amp;y.txt">x&amp;y.txt</a>                </td>\
                <td align="right">DATE  </td><td align="right">  2 </td><td>&nbsp;</td></tr>
                   <tr><th colspan="5"><hr></th></tr>
                </table>
                </body></html>
                """.replace("DATE", DATE));
    }

    @Test
    void iconsAltTextsAndDescriptionsAreWrittenAsHttpdWritesThem() throws Exception {
        tree();
        startIndexed("""
                IndexOptions FancyIndexing HTMLTable NameWidth=* SuppressLastModified
                AddIconByType (TXT,/icons/text.gif) text/*
                AddIcon /icons/binary.gif .bin
                AddIcon /icons/folder.gif ^^DIRECTORY^^
                AddIcon /icons/back.gif ..
                AddIcon /icons/blank.gif ^^BLANKICON^^
                DefaultIcon /icons/unknown.gif
                AddDescription "Zeroes <em>only</em>" *.bin
                AddDescription "Spaced" "a b"
                """);
        assertThat(get("/t/").body()).isEqualTo(PREAMBLE + """
                <h1>Index of /t</h1>
                  <table>
                   <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a>\
                </th><th><a href="?C=S;O=A">Size</a></th><th><a href="?C=D;O=A">Description</a></th></tr>
                   <tr><th colspan="4"><hr></th></tr>
                <tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/">Parent \
                Directory</a></td><td align="right">  - </td><td>&nbsp;</td></tr>
                <tr><td valign="top"><img src="/icons/unknown.gif" alt="[   ]"></td><td><a href=".hidden">.hidden</a>\
                </td><td align="right">  2 </td><td>&nbsp;</td></tr>
                <tr><td valign="top"><img src="/icons/text.gif" alt="[TXT]"></td><td><a href="a%20b.txt">a b.txt</a>\
                </td><td align="right">  3 </td><td>Spaced</td></tr>
                <tr><td valign="top"><img src="/icons/binary.gif" alt="[   ]"></td><td><a href="big.bin">big.bin</a>\
                </td><td align="right">4.9K</td><td>Zeroes <em>only</em></td></tr>
                <tr><td valign="top"><img src="/icons/folder.gif" alt="[DIR]"></td><td><a href="sub/">sub/</a>\
                </td><td align="right">  - </td><td>&nbsp;</td></tr>
                <tr><td valign="top"><img src="/icons/text.gif" alt="[TXT]"></td><td><a href="x&amp;y.txt">x&amp;y.txt\
                </a></td><td align="right">  2 </td><td>&nbsp;</td></tr>
                   <tr><th colspan="4"><hr></th></tr>
                </table>
                </body></html>
                """);
    }

    @Test
    void theQueryChoosesTheColumnAndTheDirection() throws Exception {
        tree();
        startIndexed("IndexOptions FancyIndexing SuppressLastModified\n");
        String body = get("/t/?C=S;O=D").body();
        assertThat(body).contains("<a href=\"?C=N;O=A\">Name</a>", "<a href=\"?C=S;O=A\">Size</a>");
        assertThat(order(body, "big.bin", "a%20b.txt", "x&amp;y.txt", ".hidden", "sub/")).isTrue();
        assertThat(order(get("/t/?C=N;O=D").body(), "x&amp;y.txt", "sub/", "big.bin", "a%20b.txt", ".hidden"))
                .isTrue();
    }

    @Test
    void indexOrderDefaultSortsAPageAskedForWithoutAQuery() throws Exception {
        tree();
        startIndexed("IndexOptions FancyIndexing\nIndexOrderDefault Descending Size\n");
        String body = get("/t/").body();
        assertThat(order(body, "big.bin", "a%20b.txt", "x&amp;y.txt", ".hidden", "sub/")).isTrue();
        assertThat(body).contains("<a href=\"?C=S;O=A\">Size</a>");
    }

    @Test
    void ignoreClientIgnoresTheQueryAndDropsTheSortLinks() throws Exception {
        tree();
        startIndexed("IndexOptions FancyIndexing IgnoreClient\n");
        String body = get("/t/?C=N;O=D").body();
        assertThat(order(body, ".hidden", "a%20b.txt", "big.bin", "sub/", "x&amp;y.txt")).isTrue();
        assertThat(body).contains("<pre>      Name ").doesNotContain("?C=");
    }

    @Test
    void versionSortFoldersFirstAndIgnoreCaseOrderAsHttpd() throws Exception {
        for (String name : new String[] {"file1.txt", "file2.txt", "file10.txt", "File3.txt", "file01.txt"}) {
            htdocs("v/" + name, "\n");
        }
        Files.createDirectories(root.resolve("htdocs/v/dir"));
        startIndexed("IndexOptions FancyIndexing VersionSort FoldersFirst IgnoreCase SuppressLastModified "
                + "SuppressSize SuppressDescription SuppressIcon\n");
        assertThat(get("/v/").body()).endsWith("""
                <h1>Index of /v</h1>
                <pre><a href="?C=N;O=D">Name</a>                    <hr><a href="/">Parent Directory</a>       \s
                <a href="dir/">dir/</a>                   \s
                <a href="file01.txt">file01.txt</a>             \s
                <a href="file1.txt">file1.txt</a>              \s
                <a href="file2.txt">file2.txt</a>              \s
                <a href="File3.txt">File3.txt</a>              \s
                <a href="file10.txt">file10.txt</a>             \s
                <hr></pre>
                </body></html>
                """);
    }

    @Test
    void indexIgnoreHidesNamesAndIndexIgnoreResetForgetsTheParentsPatterns() throws Exception {
        tree();
        htdocs("t/sub/.dot", "d");
        htdocs("t/sub/keep.txt", "k");
        start("<Directory htdocs>\nOptions Indexes\nIndexIgnore .??* *.bin\n</Directory>\n"
                + "<Directory htdocs/t/sub>\nIndexIgnoreReset On\nIndexIgnore keep*\n</Directory>\n");
        String top = get("/t/").body();
        assertThat(top).contains("a%20b.txt", "sub/").doesNotContain(".hidden", "big.bin");
        String sub = get("/t/sub/").body();
        assertThat(sub).contains("href=\".dot\"").doesNotContain("keep.txt");
    }

    @Test
    void entriesAccessControlWouldRefuseAreNotListed() throws Exception {
        tree();
        htdocs("t/secret.key", "k");
        htdocs("t/.htaccess", "IndexIgnore nothing\n");
        start("<Directory htdocs>\nOptions Indexes\nAllowOverride Indexes\n</Directory>\n"
                + "<Files \"*.key\">\nRequire all denied\n</Files>\n"
                + "<FilesMatch \"^\\.ht\">\nRequire all denied\n</FilesMatch>\n"
                + "<Directory htdocs/t/sub>\nRequire all denied\n</Directory>\n");
        String body = get("/t/").body();
        assertThat(body).contains("a%20b.txt").doesNotContain("secret.key", ".htaccess", "sub/");
        assertThat(get("/t/secret.key").statusCode()).isEqualTo(403);
    }

    @Test
    void showForbiddenListsEntriesAccessControlRefuses() throws Exception {
        tree();
        htdocs("t/secret.key", "k");
        start("<Directory htdocs>\nOptions Indexes\nIndexOptions ShowForbidden\n</Directory>\n"
                + "<Files \"*.key\">\nRequire all denied\n</Files>\n");
        assertThat(get("/t/").body()).contains("<li><a href=\"secret.key\"> secret.key</a></li>");
    }

    @Test
    void anHtmlHeaderReplacesTheTitleAndAPlainReadmeIsPreformatted() throws Exception {
        htdocs("w/HEADER.html", "<p>Header</p>\n");
        htdocs("w/README.txt", "Read <me> & \"x\"\n");
        htdocs("w/one.txt", "one\n");
        startIndexed("HeaderName HEADER.html\nReadmeName README.txt\n");
        assertThat(get("/w/").body()).isEqualTo(PREAMBLE.replace("Index of /t", "Index of /w") + """
                <p>Header</p>
                <ul><li><a href="/"> Parent Directory</a></li>
                <li><a href="HEADER.html"> HEADER.html</a></li>
                <li><a href="README.txt"> README.txt</a></li>
                <li><a href="one.txt"> one.txt</a></li>
                </ul>
                <pre>
                Read &lt;me&gt; &amp; "x"
                </pre>
                </body></html>
                """);
    }

    @Test
    void aPlainHeaderIsPreformattedAndAnHtmlReadmeEndsThePageWithoutThePreamble() throws Exception {
        htdocs("x/HEADER.txt", "Plain <header>\n");
        htdocs("x/README.html", "<p>end</p>\n");
        htdocs("x/one.txt", "one\n");
        startIndexed("HeaderName HEADER.txt\nReadmeName README.html\nIndexOptions SuppressHTMLPreamble\n");
        assertThat(get("/x/").body()).isEqualTo(PREAMBLE.replace("Index of /t", "Index of /x") + """
                <pre>
                Plain &lt;header&gt;
                </pre>
                <ul><li><a href="/"> Parent Directory</a></li>
                <li><a href="HEADER.txt"> HEADER.txt</a></li>
                <li><a href="README.html"> README.html</a></li>
                <li><a href="one.txt"> one.txt</a></li>
                </ul>
                <p>end</p>
                """);
    }

    @Test
    void aMissingHeaderOrReadmeLeavesTheTitleAndTheEnd() throws Exception {
        tree();
        startIndexed("HeaderName HEADER.html\nReadmeName README.html\n");
        String body = get("/t/").body();
        assertThat(body).contains("<h1>Index of /t</h1>").endsWith("</ul>\n</body></html>\n");
    }

    @Test
    void optionsWithPlusAndMinusChangeTheParentsOnesAndAPlainOptionReplacesThem() throws Exception {
        tree();
        htdocs("t/sub/a.txt", "a");
        htdocs("t/sub/deeper/b.txt", "b");
        start("<Directory htdocs>\nOptions Indexes\nIndexOptions FancyIndexing HTMLTable\n</Directory>\n"
                + "<Directory htdocs/t>\nIndexOptions -HTMLTable +SuppressSize\n</Directory>\n"
                + "<Directory htdocs/t/sub>\nIndexOptions SuppressIcon\n</Directory>\n"
                + "<Directory htdocs/t/sub/deeper>\nIndexOptions Charset=UTF-8\n</Directory>\n");
        assertThat(get("/t/").body()).contains("<pre>").doesNotContain("<table>", "?C=S");
        // a plain option forgets the parent's: no FancyIndexing below
        assertThat(get("/t/sub/").body()).contains("<ul>").doesNotContain("<pre>");
        // as in httpd, a setting such as Charset= alone is no option: the parent's stay
        HttpResponse<String> deeper = get("/t/sub/deeper/");
        assertThat(deeper.body()).contains("<ul>");
        assertThat(deeper.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
    }

    @Test
    void theDirectivesAreRefusedInHttpdsWordsAtTheirLine() {
        assertRefused("IndexOptions FancyIndexing Bogus", "Invalid directory indexing option");
        assertRefused("IndexOptions NameWidth=3", "NameWidth value must be greater than 5");
        assertRefused("IndexOptions +None", "Cannot combine '+' or '-' with 'None' keyword");
        assertRefused("IndexOptions None FancyIndexing", "Cannot combine other IndexOptions keywords with 'None'");
        assertRefused("IndexOptions NameWidth", "NameWidth with no value may only appear as '-NameWidth'");
        assertRefused("IndexOptions DescriptionWidth=5", "DescriptionWidth value must be greater than 12");
        assertRefused("IndexOrderDefault Up Name", "First keyword must be 'Ascending' or 'Descending'");
        assertRefused("IndexOrderDefault Ascending Colour",
                "Second keyword must be 'Name', 'Date', 'Size', or 'Description'");
        assertRefused("AddIcon (ALT /x.gif .x", "missing closing paren");
        assertRefused("FancyIndexing on",
                "The FancyIndexing directive is no longer supported. Use IndexOptions FancyIndexing.");
    }

    private void assertRefused(String line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + line + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void debiansAutoindexConfIsReadInsideIfModule() throws Exception {
        tree();
        String debian;
        try (InputStream in = AutoindexTest.class.getResourceAsStream("debian-autoindex.conf")) {
            debian = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        startIndexed("<IfModule mod_autoindex.c>\n" + debian + "</IfModule>\n");
        String body = get("/t/").body();
        assertThat(body).contains("<img src=\"/icons/blank.gif\" alt=\"[ICO]\">",
                "<td valign=\"top\"><img src=\"/icons/text.gif\" alt=\"[TXT]\"></td><td><a href=\"a%20b.txt\">");
        // IndexIgnore .??* hides the dotfile
        assertThat(body).doesNotContain(".hidden");
        assertThat(get("/t/").headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
    }

    @Test
    void aHugeDirectoryListsOnlyTheFirstEntriesInTheOrderAskedFor() throws Exception {
        Path big = Files.createDirectories(root.resolve("htdocs/big"));
        int files = 10_005;
        for (int i = 0; i < files; i++) {
            Files.createFile(big.resolve(String.format("f%05d", i)));
        }
        startIndexed("");
        String ascending = get("/big/").body();
        // 10 000 lines: the parent and the first 9 999 names
        assertThat(count(ascending, "<li>")).isEqualTo(10_000);
        assertThat(ascending).contains("\"f09998\"").doesNotContain("\"f09999\"");
        String descending = get("/big/?C=N;O=D").body();
        assertThat(count(descending, "<li>")).isEqualTo(10_000);
        assertThat(descending).contains("\"f10004\"", "\"f00006\"").doesNotContain("\"f00005\"");
    }

    /** Whether the names appear in {@code body} in this order. */
    private static boolean order(String body, String... hrefs) {
        int at = -1;
        for (String href : hrefs) {
            int next = body.indexOf("<a href=\"" + href + "\">");
            if (next <= at) {
                return false;
            }
            at = next;
        }
        return true;
    }
}
