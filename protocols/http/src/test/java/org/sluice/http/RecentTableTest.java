package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link RecentTable}: a key's last value until a key of the same slot takes its place. */
class RecentTableTest {

    @Test
    void givesTheLastValueOfAKeyAndNothingForOthers() {
        RecentTable<String, Integer> table = new RecentTable<>(4);
        table.put("a", 1);
        table.put("a", 2);

        assertThat(table.get("a")).isEqualTo(2);
        assertThat(table.get("b")).isNull();
    }

    @Test
    void aKeyOfTheSameSlotTakesItsPlace() {
        RecentTable<Integer, String> table = new RecentTable<>(4);
        table.put(1, "one");
        table.put(5, "five"); // 5 & 3 == 1

        assertThat(table.get(5)).isEqualTo("five");
        assertThat(table.get(1)).isNull();
    }

    @Test
    void refusesASizeThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new RecentTable<String, String>(12)).isInstanceOf(IllegalArgumentException.class);
    }
}
