package org.sluice.brigade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrigadeTest {

    private final Buffers buffers = new Buffers();
    private final List<Brigade> brigades = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        brigades.forEach(Brigade::cleanup);
        assertThat(buffers.refCounts()).as("reference counts after cleanup").allMatch(count -> count == 0);
    }

    /** A brigade the test owns; it is cleaned up after the test. */
    private Brigade brigade(String... pieces) {
        return track(buffers.brigade(pieces));
    }

    private Brigade track(Brigade brigade) {
        brigades.add(brigade);
        return brigade;
    }

    /** The brigade as text, one entry per bucket: data as text, metadata by kind. */
    private static List<String> describe(Brigade brigade) {
        List<String> parts = new ArrayList<>();
        for (Bucket b : brigade) {
            parts.add(switch (b) {
                case DataBucket data -> data.toString(UTF_8);
                case FileBucket file -> "FILE(" + file.position() + "+" + file.length() + ")";
                case MetadataBucket meta -> meta.kind();
            });
        }
        return parts;
    }

    @Nested
    class Inserting {

        @Test
        void addLastAppendsInOrder() {
            Brigade brigade = brigade("a", "b");
            brigade.addLast(buffers.bucket("c"));

            assertThat(describe(brigade)).containsExactly("a", "b", "c");
            assertThat(brigade.size()).isEqualTo(3);
        }

        @Test
        void addFirstPrepends() {
            Brigade brigade = brigade("b");
            brigade.addFirst(buffers.bucket("a"));

            assertThat(describe(brigade)).containsExactly("a", "b");
            assertThat(brigade.first().next()).isSameAs(brigade.last());
            assertThat(brigade.last().previous()).isSameAs(brigade.first());
        }

        @Test
        void addFirstIntoAnEmptyBrigadeMakesTheBucketFirstAndLast() {
            Brigade brigade = track(new Brigade());
            DataBucket only = buffers.bucket("x");
            brigade.addFirst(only);

            assertThat(brigade.first()).isSameAs(only);
            assertThat(brigade.last()).isSameAs(only);
            assertThat(only.brigade()).isSameAs(brigade);
        }

        @Test
        void insertBeforeTheFirstBucketMakesANewHead() {
            Brigade brigade = brigade("b", "c");
            brigade.insertBefore(brigade.first(), buffers.bucket("a"));

            assertThat(describe(brigade)).containsExactly("a", "b", "c");
            assertThat(brigade.first().previous()).isNull();
        }

        @Test
        void insertBeforeAMiddleBucket() {
            Brigade brigade = brigade("a", "c");
            brigade.last().insertBefore(buffers.bucket("b"));

            assertThat(describe(brigade)).containsExactly("a", "b", "c");
            assertThat(brigade.size()).isEqualTo(3);
        }

        @Test
        void insertAfterTheLastBucketMakesANewTail() {
            Brigade brigade = brigade("a", "b");
            brigade.insertAfter(brigade.last(), buffers.bucket("c"));

            assertThat(describe(brigade)).containsExactly("a", "b", "c");
            assertThat(brigade.last().next()).isNull();
            assertThat(brigade.last().previous().previous()).isSameAs(brigade.first());
        }

        @Test
        void insertAfterAMiddleBucket() {
            Brigade brigade = brigade("a", "c");
            brigade.first().insertAfter(buffers.bucket("b"));

            assertThat(describe(brigade)).containsExactly("a", "b", "c");
        }

        @Test
        void aBucketCannotBeInTwoBrigades() {
            Brigade one = brigade("a");
            Brigade two = brigade();

            assertThatThrownBy(() -> two.addLast(one.first()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in a brigade");
            assertThat(two.isEmpty()).isTrue();
        }

        @Test
        void insertingNextToABucketOfAnotherBrigadeIsRefused() {
            Brigade one = brigade("a");
            Brigade two = brigade("b");
            DataBucket stray = buffers.bucket("c");

            assertThatThrownBy(() -> two.insertAfter(one.first(), stray))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not in this brigade");
            stray.release();
        }

        @Test
        void insertingNextToABucketOutsideAnyBrigadeIsRefused() {
            DataBucket loose = buffers.bucket("a");
            DataBucket other = buffers.bucket("b");

            assertThatThrownBy(() -> loose.insertAfter(other)).isInstanceOf(IllegalStateException.class);
            loose.release();
            other.release();
        }

        @Test
        void writeAppendsUtf8TextAndMetadataHelpersAppendMarkers() {
            Brigade brigade = track(new Brigade()).write("grüß").addFlush().addEos();

            assertThat(describe(brigade)).containsExactly("grüß", "FLUSH", "EOS");
            assertThat(brigade.length()).isEqualTo("grüß".getBytes(UTF_8).length);
            assertThat(brigade.containsFlush()).isTrue();
            assertThat(brigade.containsEos()).isTrue();
        }
    }

    @Nested
    class Removing {

        @Test
        void removeFirstHandsTheBucketToTheCaller() {
            Brigade brigade = brigade("a", "b");
            Bucket first = brigade.removeFirst();

            assertThat(first.brigade()).isNull();
            assertThat(first.next()).isNull();
            assertThat(describe(brigade)).containsExactly("b");
            assertThat(brigade.first().previous()).isNull();
            first.release();
        }

        @Test
        void removeFirstOfAnEmptyBrigadeIsNull() {
            assertThat(new Brigade().removeFirst()).isNull();
        }

        @Test
        void removeAMiddleBucketRelinksItsNeighbours() {
            Brigade brigade = brigade("a", "b", "c");
            Bucket middle = brigade.first().next().remove();

            assertThat(describe(brigade)).containsExactly("a", "c");
            assertThat(brigade.first().next()).isSameAs(brigade.last());
            assertThat(brigade.last().previous()).isSameAs(brigade.first());
            assertThat(brigade.size()).isEqualTo(2);
            middle.release();
        }

        @Test
        void removeTheLastBucketMovesTheTail() {
            Brigade brigade = brigade("a", "b");
            Bucket last = brigade.last().remove();

            assertThat(brigade.last()).isSameAs(brigade.first());
            assertThat(brigade.first().next()).isNull();
            last.release();
        }

        @Test
        void removingTheOnlyBucketEmptiesTheBrigade() {
            Brigade brigade = brigade("a");
            brigade.first().delete();

            assertThat(brigade.isEmpty()).isTrue();
            assertThat(brigade.first()).isNull();
            assertThat(brigade.last()).isNull();
            assertThat(brigade.size()).isZero();
        }

        @Test
        void aRemovedBucketCanJoinAnotherBrigade() {
            Brigade one = brigade("a", "b");
            Brigade two = brigade("c");
            two.addFirst(one.last().remove());

            assertThat(describe(one)).containsExactly("a");
            assertThat(describe(two)).containsExactly("b", "c");
        }

        @Test
        void deleteReleasesTheBuffer() {
            ByteBuf buffer = buffers.of("gone");
            Brigade brigade = track(new Brigade()).addLast(buffer);
            brigade.first().delete();

            assertThat(buffer.refCnt()).isZero();
        }

        @Test
        void takeContentHandsOverTheBufferAndItsReference() {
            ByteBuf buffer = buffers.of("mine");
            Brigade brigade = track(new Brigade()).addLast(buffer);
            DataBucket bucket = (DataBucket) brigade.first();

            ByteBuf taken = bucket.takeContent();

            assertThat(taken).isSameAs(buffer);
            assertThat(brigade.isEmpty()).isTrue();
            assertThat(bucket.length()).isZero();
            bucket.release();
            assertThat(taken.refCnt()).isEqualTo(1);
            taken.release();
        }
    }

    @Nested
    class Splitting {

        @Test
        void splitInsideABucket() {
            Brigade brigade = brigade("hello", "world");
            Brigade rest = track(brigade.splitAt(3));

            assertThat(describe(brigade)).containsExactly("hel");
            assertThat(describe(rest)).containsExactly("lo", "world");
            assertThat(brigade.length()).isEqualTo(3);
            assertThat(rest.length()).isEqualTo(7);
        }

        @Test
        void splitAtABucketBoundaryDoesNotSplitABucket() {
            Brigade brigade = brigade("hello", "world");
            DataBucket second = (DataBucket) brigade.last();
            Brigade rest = track(brigade.splitAt(5));

            assertThat(describe(brigade)).containsExactly("hello");
            assertThat(rest.first()).isSameAs(second);
            assertThat(second.brigade()).isSameAs(rest);
        }

        @Test
        void splitAtTheEndLeavesTrailingMetadataInTheRest() {
            Brigade brigade = brigade("hello").addEos();
            Brigade rest = track(brigade.splitAt(5));

            assertThat(describe(brigade)).containsExactly("hello");
            assertThat(describe(rest)).containsExactly("EOS");
        }

        @Test
        void splitAtTheEndOfDataOnlyGivesAnEmptyRest() {
            Brigade brigade = brigade("hello");
            Brigade rest = track(brigade.splitAt(5));

            assertThat(describe(brigade)).containsExactly("hello");
            assertThat(rest.isEmpty()).isTrue();
        }

        @Test
        void splitPastTheEndGivesAnEmptyRest() {
            Brigade brigade = brigade("hello");

            assertThat(track(brigade.splitAt(99)).isEmpty()).isTrue();
            assertThat(describe(brigade)).containsExactly("hello");
        }

        @Test
        void splitAtZeroMovesEverything() {
            Brigade brigade = brigade("a", "b");
            Brigade rest = track(brigade.splitAt(0));

            assertThat(brigade.isEmpty()).isTrue();
            assertThat(brigade.size()).isZero();
            assertThat(describe(rest)).containsExactly("a", "b");
        }

        @Test
        void aNegativeOffsetIsRefused() {
            Brigade brigade = brigade("a");

            assertThatThrownBy(() -> brigade.splitAt(-1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void splitKeepsMetadataAtTheBoundaryWithTheRest() {
            Brigade brigade = brigade("abc").addFlush();
            brigade.addLast(buffers.bucket("def"));
            Brigade rest = track(brigade.splitAt(3));

            assertThat(describe(brigade)).containsExactly("abc");
            assertThat(describe(rest)).containsExactly("FLUSH", "def");
        }

        @Test
        void splitBucketsShareTheBufferAndReleaseItOnce() {
            ByteBuf buffer = buffers.of("abcdef");
            Brigade brigade = track(new Brigade()).addLast(buffer);
            Brigade rest = brigade.splitAt(2);

            assertThat(buffer.refCnt()).isEqualTo(2);
            rest.cleanup();
            assertThat(buffer.refCnt()).isEqualTo(1);
            brigade.cleanup();
            assertThat(buffer.refCnt()).isZero();
        }

        @Test
        void splitBeforeMovesTheBucketAndEverythingAfterIt() {
            Brigade brigade = brigade("a", "b", "c");
            Brigade rest = track(brigade.splitBefore(brigade.first().next()));

            assertThat(describe(brigade)).containsExactly("a");
            assertThat(brigade.last().next()).isNull();
            assertThat(describe(rest)).containsExactly("b", "c");
            assertThat(rest.first().previous()).isNull();
            assertThat(brigade.size() + rest.size()).isEqualTo(3);
        }

        @Test
        void splittingABucketOutsideItsRangeIsRefused() {
            DataBucket bucket = buffers.bucket("abc");

            assertThatThrownBy(() -> bucket.split(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bucket.split(3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MetadataBucket.flush().split(1)).isInstanceOf(IllegalArgumentException.class);
            bucket.release();
        }
    }

    @Nested
    class Partitioning {

        @Test
        void partitionInsideABucketSplitsItAndReturnsTheSecondHalf() {
            Brigade brigade = brigade("hello");
            Bucket boundary = brigade.partition(2);

            assertThat(describe(brigade)).containsExactly("he", "llo");
            assertThat(boundary).isSameAs(brigade.last());
        }

        @Test
        void partitionAtABoundaryReturnsTheNextBucket() {
            Brigade brigade = brigade("ab", "cd");

            assertThat(brigade.partition(2)).isSameAs(brigade.last());
            assertThat(brigade.size()).isEqualTo(2);
        }

        @Test
        void partitionAtZeroReturnsTheFirstBucket() {
            Brigade brigade = brigade("ab");

            assertThat(brigade.partition(0)).isSameAs(brigade.first());
        }

        @Test
        void partitionAtTheEndIsNull() {
            Brigade brigade = brigade("ab", "cd");

            assertThat(brigade.partition(4)).isNull();
            assertThat(brigade.partition(5)).isNull();
        }

        @Test
        void partitionAtTheEndReturnsTrailingMetadata() {
            Brigade brigade = brigade("ab").addEos();

            assertThat(brigade.partition(2)).isSameAs(brigade.last());
            assertThat(brigade.partition(3)).isNull();
        }

        @Test
        void partitionOfAnEmptyBrigadeIsNull() {
            assertThat(new Brigade().partition(0)).isNull();
        }
    }

    @Nested
    class Length {

        @Test
        void countsDataBytesNotMetadata() {
            Brigade brigade = brigade("abc", "ñ").addFlush().addEos();

            assertThat(brigade.length()).isEqualTo(5);
            assertThat(brigade.size()).isEqualTo(4);
        }

        @Test
        void countsFileRegions(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f"), "0123456789");
            Brigade brigade = brigade("ab");
            brigade.addLast(FileBucket.open(file, 2, 5));

            assertThat(brigade.length()).isEqualTo(7);
        }

        @Test
        void anEmptyBrigadeHasNoLength() {
            assertThat(new Brigade().length()).isZero();
            assertThat(new Brigade().isEmpty()).isTrue();
        }

        @Test
        void countsOnlyTheReadableBytesOfABuffer() {
            ByteBuf buffer = buffers.of("skipme");
            buffer.skipBytes(4);
            Brigade brigade = track(new Brigade()).addLast(buffer);

            assertThat(brigade.length()).isEqualTo(2);
            assertThat(brigade.flattenToString(UTF_8)).isEqualTo("me");
        }
    }

    @Nested
    class Flattening {

        @Test
        void flattenCopiesAllDataBytes() {
            Brigade brigade = brigade("ab", "cd").addFlush();
            brigade.addLast(buffers.bucket("ef"));

            assertThat(brigade.flatten()).isEqualTo("abcdef".getBytes(UTF_8));
            assertThat(describe(brigade)).containsExactly("ab", "cd", "FLUSH", "ef");
        }

        @Test
        void flattenToStringDecodesAcrossBuckets() {
            byte[] bytes = "Straße".getBytes(UTF_8);
            Brigade brigade = track(new Brigade());
            brigade.addLast(buffers.bucket("Stra"));
            ByteBuf split = buffers.of("ß");
            brigade.addLast(split.retainedSlice(0, 1));
            brigade.addLast(split.retainedSlice(1, 1));
            split.release();
            brigade.addLast(buffers.bucket("e"));

            assertThat(brigade.flattenToString(UTF_8)).isEqualTo("Straße");
            assertThat(brigade.length()).isEqualTo(bytes.length);
        }

        @Test
        void flattenToBufferOfOneBucketSharesItsBytes() {
            ByteBuf buffer = buffers.of("shared");
            Brigade brigade = track(new Brigade()).addLast(buffer);

            ByteBuf flat = brigade.flattenToBuffer();
            assertThat(flat.toString(UTF_8)).isEqualTo("shared");
            assertThat(buffer.refCnt()).isEqualTo(2);
            flat.release();
            assertThat(buffer.refCnt()).isEqualTo(1);
            assertThat(buffer.readerIndex()).isZero();
        }

        @Test
        void flattenToBufferOfSeveralBucketsIsACopy() {
            Brigade brigade = brigade("a", "b");

            ByteBuf flat = brigade.flattenToBuffer();
            try {
                assertThat(flat.toString(UTF_8)).isEqualTo("ab");
                assertThat(buffers.refCounts()).containsOnly(1);
            } finally {
                flat.release();
            }
        }

        @Test
        void flattenOfAnEmptyBrigadeIsEmpty() {
            assertThat(new Brigade().flatten()).isEmpty();
            assertThat(new Brigade().addEos().flattenToString(UTF_8)).isEmpty();
        }

        @Test
        void flattenReadsFileBucketsWithoutChangingThem(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f"), "0123456789");
            Brigade brigade = brigade("<");
            brigade.addLast(FileBucket.open(file, 3, 4));
            brigade.addLast(buffers.bucket(">"));

            assertThat(brigade.flattenToString(UTF_8)).isEqualTo("<3456>");
            assertThat(describe(brigade)).containsExactly("<", "FILE(3+4)", ">");
        }

        @Test
        void flattenOfALoneFileBucket(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f"), "whole file");
            Brigade brigade = track(new Brigade()).addLast(FileBucket.open(file));

            assertThat(brigade.flatten()).isEqualTo("whole file".getBytes(UTF_8));
        }
    }

    @Nested
    class SplittingLines {

        @Test
        void aLineInsideOneBucket() {
            Brigade input = brigade("one\ntwo\n");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("one\n");
            assertThat(describe(input)).containsExactly("two\n");
        }

        @Test
        void aLineSpanningBuckets() {
            Brigade input = brigade("he", "ll", "o\nrest");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("he", "ll", "o\n");
            assertThat(describe(input)).containsExactly("rest");
            assertThat(input.first().previous()).isNull();
        }

        @Test
        void theLfAtTheVeryEndTakesEverything() {
            Brigade input = brigade("abc", "def\n");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(line.flattenToString(UTF_8)).isEqualTo("abcdef\n");
            assertThat(input.isEmpty()).isTrue();
            assertThat(input.size()).isZero();
        }

        @Test
        void anLfEndingABucketDoesNotSplitIt() {
            Brigade input = brigade("abc\n", "next");
            Bucket second = input.last();
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("abc\n");
            assertThat(input.first()).isSameAs(second);
        }

        @Test
        void noLfLeavesTheBrigadeAlone() {
            Brigade input = brigade("no line", " end");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isFalse();
            assertThat(line.isEmpty()).isTrue();
            assertThat(describe(input)).containsExactly("no line", " end");
        }

        @Test
        void anLfBeyondTheLimitIsNotFound() {
            Brigade input = brigade("abcd", "e\n");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 5)).isFalse();
            assertThat(line.isEmpty()).isTrue();
            assertThat(input.length()).isEqualTo(6);
        }

        @Test
        void aLineOfExactlyTheLimitIsFound() {
            Brigade input = brigade("abcd", "e\nx");
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 6)).isTrue();
            assertThat(line.flattenToString(UTF_8)).isEqualTo("abcde\n");
            assertThat(describe(input)).containsExactly("x");
        }

        @Test
        void metadataBeforeTheLineEndMovesWithTheLine() {
            Brigade input = brigade("ab").addFlush();
            input.addLast(buffers.bucket("c\nd"));
            input.addEos();
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("ab", "FLUSH", "c\n");
            assertThat(describe(input)).containsExactly("d", "EOS");
        }

        @Test
        void metadataRightAfterTheLineStays() {
            Brigade input = brigade("ab\n").addEos();
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("ab\n");
            assertThat(describe(input)).containsExactly("EOS");
        }

        @Test
        void theLineIsAppendedAfterWhatTheTargetHolds() {
            Brigade input = brigade("b\nc");
            Brigade line = brigade("a");

            assertThat(input.splitLine(line, 100)).isTrue();
            assertThat(describe(line)).containsExactly("a", "b\n");
        }

        @Test
        void successiveLinesComeOutInOrder() {
            Brigade input = brigade("1\n2", "\n3\n");
            List<String> lines = new ArrayList<>();
            Brigade line = track(new Brigade());
            while (input.splitLine(line, 100)) {
                lines.add(line.flattenToString(UTF_8));
                line.cleanup();
            }

            assertThat(lines).containsExactly("1\n", "2\n", "3\n");
            assertThat(input.isEmpty()).isTrue();
        }

        @Test
        void aFileBucketStopsTheSearch(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f"), "x\n");
            Brigade input = brigade("ab");
            input.addLast(FileBucket.open(file));
            Brigade line = track(new Brigade());

            assertThat(input.splitLine(line, 100)).isFalse();
            assertThat(input.size()).isEqualTo(2);
        }
    }

    @Nested
    class Moving {

        @Test
        void moveToAppendsEverythingAndEmptiesTheSource() {
            Brigade source = brigade("c", "d").addEos();
            Brigade destination = brigade("a", "b");
            source.moveTo(destination);

            assertThat(describe(destination)).containsExactly("a", "b", "c", "d", "EOS");
            assertThat(destination.size()).isEqualTo(5);
            assertThat(source.isEmpty()).isTrue();
            assertThat(source.size()).isZero();
            assertThat(source.last()).isNull();
            for (Bucket b : destination) {
                assertThat(b.brigade()).isSameAs(destination);
            }
        }

        @Test
        void moveToAnEmptyBrigade() {
            Brigade source = brigade("a");
            Brigade destination = track(new Brigade());
            source.moveTo(destination);

            assertThat(describe(destination)).containsExactly("a");
            assertThat(destination.first()).isSameAs(destination.last());
        }

        @Test
        void moveToItselfChangesNothing() {
            Brigade brigade = brigade("a", "b");
            brigade.moveTo(brigade);

            assertThat(describe(brigade)).containsExactly("a", "b");
            assertThat(brigade.size()).isEqualTo(2);
        }

        @Test
        void movedBucketsStayLinkedBothWays() {
            Brigade source = brigade("b");
            Brigade destination = brigade("a");
            source.moveTo(destination);

            assertThat(destination.last().previous()).isSameAs(destination.first());
            assertThat(destination.first().next()).isSameAs(destination.last());
        }

        @Test
        void theSourceCanBeReusedAfterAMove() {
            Brigade source = brigade("a");
            Brigade destination = track(new Brigade());
            source.moveTo(destination);
            source.addLast(buffers.bucket("b"));

            assertThat(describe(source)).containsExactly("b");
            assertThat(describe(destination)).containsExactly("a");
        }
    }

    @Nested
    class CleaningUp {

        @Test
        void cleanupReleasesEveryBufferOnce() {
            ByteBuf a = buffers.of("a");
            ByteBuf b = buffers.of("b");
            Brigade brigade = new Brigade().addLast(a).addFlush().addLast(b).addEos();

            brigade.cleanup();

            assertThat(a.refCnt()).isZero();
            assertThat(b.refCnt()).isZero();
            assertThat(brigade.isEmpty()).isTrue();
            assertThat(brigade.size()).isZero();
        }

        @Test
        void cleanupTwiceReleasesNothingTwice() {
            ByteBuf shared = buffers.of("shared");
            shared.retain();
            Brigade brigade = new Brigade().addLast(shared);

            brigade.cleanup();
            brigade.cleanup();

            assertThat(shared.refCnt()).isEqualTo(1);
            shared.release();
        }

        @Test
        void releasingABucketTwiceReleasesItsBufferOnce() {
            ByteBuf buffer = buffers.of("x");
            buffer.retain();
            DataBucket bucket = DataBucket.of(buffer);

            bucket.release();
            bucket.release();

            assertThat(buffer.refCnt()).isEqualTo(1);
            buffer.release();
        }

        @Test
        void closeCleansUp() {
            ByteBuf buffer = buffers.of("x");
            try (Brigade brigade = new Brigade()) {
                brigade.addLast(buffer);
            }

            assertThat(buffer.refCnt()).isZero();
        }

        @Test
        void aBrigadeCanBeReusedAfterCleanup() {
            Brigade brigade = brigade("a");
            brigade.cleanup();
            brigade.addLast(buffers.bucket("b"));

            assertThat(describe(brigade)).containsExactly("b");
        }

        @Test
        void cleanupReleasesFileBuckets(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f"), "data");
            FileBucket bucket = FileBucket.open(file);
            Brigade brigade = new Brigade().addLast(bucket);

            brigade.cleanup();

            assertThatThrownBy(() -> bucket.copyTo(io.netty.buffer.Unpooled.buffer()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("released");
        }

        @Test
        void aReleasedDataBucketRefusesItsContent() {
            DataBucket bucket = buffers.bucket("x");
            bucket.release();

            assertThatThrownBy(bucket::content).isInstanceOf(IllegalStateException.class);
            assertThat(bucket.length()).isZero();
        }
    }

    @Nested
    class Iterating {

        @Test
        void visitsBucketsInOrder() {
            Brigade brigade = brigade("a", "b").addEos();

            assertThat(describe(brigade)).containsExactly("a", "b", "EOS");
        }

        @Test
        void anEmptyBrigadeHasNothingToVisit() {
            Iterator<Bucket> it = new Brigade().iterator();

            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }

        @Test
        void theCurrentBucketMayBeDeletedWhileIterating() {
            Brigade brigade = brigade("keep", "drop", "keep");
            for (Bucket b : brigade) {
                if (((DataBucket) b).toString(UTF_8).equals("drop")) {
                    b.delete();
                }
            }

            assertThat(describe(brigade)).containsExactly("keep", "keep");
        }

        @Test
        void linksCanBeWalkedBothWays() {
            Brigade brigade = brigade("a", "b", "c");
            List<String> backwards = new ArrayList<>();
            for (Bucket b = brigade.last(); b != null; b = b.previous()) {
                backwards.add(((DataBucket) b).toString(UTF_8));
            }

            assertThat(backwards).containsExactly("c", "b", "a");
        }

        @Test
        void toStringListsTheBuckets() {
            Brigade brigade = brigade("abc").addFlush();

            assertThat(brigade).hasToString("Brigade[DATA(3) FLUSH]");
        }
    }
}
