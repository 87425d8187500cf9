"""Development helpers of the local stack and the tests; never deployed."""
