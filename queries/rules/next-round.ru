# What a round found becomes the next round's input, and part of the inferred graph.
ADD SILENT dkg:rl-new TO dkg:inferred ;
MOVE SILENT dkg:rl-new TO dkg:rl-delta
