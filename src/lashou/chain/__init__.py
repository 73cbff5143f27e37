"""Node start/connect, compile and deploy, typed contract access."""
