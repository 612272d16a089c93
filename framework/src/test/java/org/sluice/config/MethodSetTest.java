package org.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The method sets of {@code <Limit>} and {@code <LimitExcept>}, nested and joined. */
class MethodSetTest {

    private static final MethodSet GET_POST = MethodSet.of(List.of("GET", "POST"));
    private static final MethodSet NOT_GET = MethodSet.allBut(List.of("GET"));

    @Test
    void limitCoversItsMethodsAndHeadGoesWithGet() {
        assertThat(GET_POST.contains("POST")).isTrue();
        assertThat(GET_POST.contains("HEAD")).isTrue();
        assertThat(GET_POST.contains("PUT")).isFalse();
        assertThat(GET_POST.contains("post")).isFalse();
        assertThat(MethodSet.of(List.of("HEAD")).contains("GET")).isTrue();
    }

    @Test
    void limitExceptCoversEveryOtherMethodEvenUnknownOnes() {
        assertThat(NOT_GET.contains("GET")).isFalse();
        assertThat(NOT_GET.contains("HEAD")).isFalse();
        assertThat(NOT_GET.contains("PURGE")).isTrue();
    }

    @Test
    void noMethodIsCoveredOnlyByEveryMethod() {
        assertThat(MethodSet.ALL.contains(null)).isTrue();
        assertThat(NOT_GET.contains(null)).isFalse();
        assertThat(GET_POST.contains(null)).isFalse();
    }

    @Test
    void nestingIntersects() {
        assertThat(MethodSet.ALL.and(GET_POST)).isEqualTo(GET_POST);
        assertThat(GET_POST.and(NOT_GET)).isEqualTo(MethodSet.of(List.of("POST")));
        assertThat(NOT_GET.and(MethodSet.allBut(List.of("POST")))).isEqualTo(MethodSet.allBut(List.of("GET", "POST")));
        assertThat(MethodSet.of(List.of("GET")).and(NOT_GET).isEmpty()).isTrue();
    }

    @Test
    void blocksJoin() {
        assertThat(MethodSet.none().or(GET_POST)).isEqualTo(GET_POST);
        assertThat(GET_POST.or(NOT_GET).isAll()).isTrue();
        assertThat(MethodSet.of(List.of("PUT")).or(NOT_GET)).isEqualTo(NOT_GET);
        assertThat(MethodSet.allBut(List.of("GET", "PUT")).or(MethodSet.allBut(List.of("PUT", "POST"))))
                .isEqualTo(MethodSet.allBut(List.of("PUT")));
        assertThat(MethodSet.of(List.of("GET")).or(MethodSet.allBut(List.of("GET", "PUT"))))
                .isEqualTo(MethodSet.allBut(List.of("PUT")));
    }

    @Test
    void describesItself() {
        assertThat(MethodSet.ALL).hasToString("all");
        assertThat(GET_POST).hasToString("GET POST");
        assertThat(NOT_GET).hasToString("all but GET");
    }
}
