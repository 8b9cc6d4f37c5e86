/* rng: the engine's own random generator (xoshiro256**, seeded by splitmix64).
 *
 * Every random choice of the simulation comes from the machine's rng, whose four
 * words are part of the machine state (and of a save), so the same scenario and
 * seed always give the same run. Cosmetic randomness must use a separate rng. */
#ifndef TICKOS_RNG_H
#define TICKOS_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
/* Uniform in [0, n); n > 0. Unbiased (rejection sampling). */
uint64_t rng_below(rng *r, uint64_t n);

#endif
